package io.backstop.estop.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One step as it ran within a stop.
 *
 * @param id         the Stoppable's id
 * @param label      the Stoppable's label
 * @param order      its {@link Stoppable#ORDER}
 * @param bundle     symbolic name of the bundle that registered it
 * @param started    when the step began
 * @param durationMillis how long it ran (up to its deadline if it timed out)
 * @param result     what it reported, or what the coordinator concluded
 */
public record StepReport(String id, String label, int order, String bundle, Instant started, long durationMillis,
		StepResult result) {

	public StepStatus status() {
		return result.status();
	}

	public String detail() {
		return result.detail();
	}

	public long bytesReleased() {
		return result.bytesReleased();
	}

	public List<String> componentsCleaned() {
		return result.componentsCleaned();
	}

	public Map<String, Long> counters() {
		return result.counters();
	}
}
