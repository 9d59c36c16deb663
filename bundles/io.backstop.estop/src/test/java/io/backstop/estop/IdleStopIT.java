package io.backstop.estop;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

/**
 * A stop with nothing running, as the product's idle user makes it: the coordinator and the
 * memory manager's steps (caches, GC), report and history included. Prints the figures; the
 * bound asserted is a generous one for a busy build machine, the target (250 ms) is in BENCHMARK.md.
 */
class IdleStopIT {

	private static final int STOPS = 10;

	@Test
	void anIdleStopIsQuickFromTheFirstOn() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(IdleStopIT.class).getBundleContext();
		ServiceTracker<EmergencyStop, EmergencyStop> tracker = new ServiceTracker<>(context, EmergencyStop.class, null);
		tracker.open();
		EmergencyStop emergencyStop = tracker.waitForService(10_000);
		assertNotNull(emergencyStop);
		// as a user's first stop comes: some time after start-up, not in the same millisecond
		Thread.sleep(2000);
		List<Long> millis = new ArrayList<>();
		StopReport last = null;
		for (int i = 0; i < STOPS; i++) {
			long started = System.nanoTime();
			last = emergencyStop.requestStop(StopRequest.of("idle stop", "test")).get(30, TimeUnit.SECONDS);
			millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
			if (i == 0) {
				System.out.println("[IdleStopIT] first stop: " + last.steps().stream()
						.map(step -> step.id() + " " + step.durationMillis() + " ms").toList() + ", report "
						+ last.durationMillis() + " ms, heap committed " + (last.before().heapCommittedBytes() >> 20)
						+ " -> " + (last.after().heapCommittedBytes() >> 20) + " MB");
			}
			emergencyStop.reset();
		}
		List<Long> sorted = millis.stream().sorted().toList();
		System.out.println("[IdleStopIT] " + STOPS + " idle stops (" + last.steps().size() + " steps), ms in order: "
				+ millis + "; first " + millis.get(0) + " ms, median " + sorted.get(STOPS / 2) + " ms, max "
				+ sorted.get(STOPS - 1) + " ms; " + last.summary());
		assertTrue(millis.get(0) < 2000, "the first idle stop took " + millis.get(0) + " ms");
	}
}
