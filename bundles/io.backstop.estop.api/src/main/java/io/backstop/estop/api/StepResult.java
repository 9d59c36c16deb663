package io.backstop.estop.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link Stoppable} reports.
 *
 * @param status            the outcome
 * @param detail            one line for the user: what was released, or why nothing was
 * @param componentsCleaned names of the live components this step cleaned
 * @param bytesReleased     memory released by this step, as the step measured it (0 if unknown)
 * @param counters          named counts for scripts and tests, for example {@code sweeps.halted}
 * @param error             the error message for PARTIAL, FAILED and TIMED_OUT, else null
 */
public record StepResult(StepStatus status, String detail, List<String> componentsCleaned, long bytesReleased,
		Map<String, Long> counters, String error) {

	public StepResult {
		Objects.requireNonNull(status, "status");
		detail = detail == null ? "" : detail;
		componentsCleaned = List.copyOf(componentsCleaned == null ? List.of() : componentsCleaned);
		counters = Map.copyOf(counters == null ? Map.of() : counters);
	}

	public static StepResult cleaned(String detail, long bytesReleased, List<String> componentsCleaned) {
		return new StepResult(StepStatus.CLEANED, detail, componentsCleaned, bytesReleased, Map.of(), null);
	}

	/** Something was halted or released, but not everything: {@code error} says what was left and why. */
	public static StepResult partial(String detail, long bytesReleased, List<String> componentsCleaned, String error) {
		return new StepResult(StepStatus.PARTIAL, detail, componentsCleaned, bytesReleased, Map.of(),
				Objects.requireNonNull(error, "error"));
	}

	public static StepResult skipped(String reason) {
		return new StepResult(StepStatus.SKIPPED, reason, List.of(), 0, Map.of(), null);
	}

	public static StepResult failed(Throwable error) {
		String message = error.getMessage() == null ? error.getClass().getSimpleName()
				: error.getClass().getSimpleName() + ": " + error.getMessage();
		return new StepResult(StepStatus.FAILED, message, List.of(), 0, Map.of(), message);
	}

	public static StepResult timedOut(long deadlineMillis) {
		String message = "did not finish within its deadline of " + deadlineMillis + " ms; abandoned";
		return new StepResult(StepStatus.TIMED_OUT, message, List.of(), 0, Map.of(), message);
	}

	/** A copy with the given counters, for steps that report structured counts. */
	public StepResult withCounters(Map<String, Long> newCounters) {
		return new StepResult(status, detail, componentsCleaned, bytesReleased, newCounters, error);
	}
}
