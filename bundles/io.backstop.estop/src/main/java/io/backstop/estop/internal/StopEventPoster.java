package io.backstop.estop.internal;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

/** Posts the stop's progress on EventAdmin, when there is one. */
final class StopEventPoster {

	private static final Logger LOG = Logger.getLogger(StopEventPoster.class.getName());

	private volatile EventAdmin eventAdmin;

	void setEventAdmin(EventAdmin admin) {
		eventAdmin = admin;
	}

	void unsetEventAdmin(EventAdmin admin) {
		if (eventAdmin == admin) {
			eventAdmin = null;
		}
	}

	void started(String id, StopRequest request) {
		post(StopEvents.STARTED, Map.of(StopEvents.REPORT_ID, id, StopEvents.REQUEST, request));
	}

	void finished(StopReport report) {
		post(StopEvents.FINISHED, Map.of(StopEvents.REPORT_ID, report.id(), StopEvents.REPORT, report));
	}

	void reset() {
		post(StopEvents.RESET, Map.of());
	}

	StepRunner.Listener stepListener(String id) {
		return new StepRunner.Listener() {
			@Override
			public void started(RegisteredStep step) {
				post(StopEvents.STEP_STARTED, Map.of(StopEvents.REPORT_ID, id, StopEvents.STEP, step.planned()));
			}

			@Override
			public void progress(RegisteredStep step, String message) {
				post(StopEvents.STEP_PROGRESS, Map.of(StopEvents.REPORT_ID, id, StopEvents.STEP, step.planned(),
						StopEvents.PROGRESS, message == null ? "" : message));
			}

			@Override
			public void finished(StepReport report) {
				post(StopEvents.STEP_FINISHED, Map.of(StopEvents.REPORT_ID, id, StopEvents.STEP_REPORT, report));
			}
		};
	}

	private void post(String topic, Map<String, ?> properties) {
		EventAdmin admin = eventAdmin;
		if (admin == null) {
			return;
		}
		try {
			admin.postEvent(new Event(topic, properties));
		} catch (RuntimeException e) {
			// progress that cannot be shown must not hold the stop; the report still has it all
			LOG.log(Level.WARNING, "stop event " + topic + " could not be posted", e);
		}
	}
}
