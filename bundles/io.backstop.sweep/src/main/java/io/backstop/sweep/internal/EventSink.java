package io.backstop.sweep.internal;

import java.util.HashMap;
import java.util.Map;

import io.backstop.sweep.SweepEvents;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepStatus;

/** Where the engine posts its events (EventAdmin inside OSGi). */
@FunctionalInterface
public interface EventSink {

	/** Discards events. */
	EventSink NONE = (topic, properties) -> {
	};

	void post(String topic, Map<String, Object> properties);

	/** The properties of a sweep's event: its status and, when distributed, what each member computed. */
	static Map<String, Object> properties(SweepHandle sweep, SweepStatus status) {
		Map<String, Object> p = properties(status);
		Map<String, Long> byMember = sweep.doneByMember();
		if (!byMember.isEmpty()) {
			p.put(SweepEvents.DONE_BY_MEMBER, byMember);
		}
		return p;
	}

	/** The properties of a sweep event, from a status. */
	static Map<String, Object> properties(SweepStatus s) {
		Map<String, Object> p = new HashMap<>();
		p.put(SweepEvents.SWEEP_ID, s.id());
		p.put(SweepEvents.STRATEGY_ID, s.strategyId());
		p.put(SweepEvents.STATE, s.state().name());
		p.put(SweepEvents.DONE, s.combosDone());
		p.put(SweepEvents.TOTAL, s.combosTotal());
		p.put(SweepEvents.RATE, s.combosPerSecond());
		p.put(SweepEvents.ETA_MS, s.eta() == null ? -1L : s.eta().toMillis());
		p.put(SweepEvents.BEST, s.best() == null ? "" : s.best().toString());
		p.put(SweepEvents.BEST_OBJECTIVE, s.best() == null ? Double.NaN : s.best().objective());
		p.put(SweepEvents.RESULTS_FILE, String.valueOf(s.resultsFile()));
		p.put(SweepEvents.STATUS, s);
		return p;
	}
}
