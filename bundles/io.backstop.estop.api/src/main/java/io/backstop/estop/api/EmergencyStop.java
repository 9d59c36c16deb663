package io.backstop.estop.api;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The emergency stop coordinator, registered as an OSGi service. */
public interface EmergencyStop {

	/**
	 * The coordinator's configuration: the default step deadline, per-step deadlines, the size
	 * and file of the history.
	 */
	String PID = "io.backstop.estop";

	/**
	 * Raises the {@link StopSignal} at once, then runs every registered {@link Stoppable} in
	 * order. A request made while a stop runs joins it and completes with the same report.
	 */
	CompletableFuture<StopReport> requestStop(StopRequest request);

	/** True while a stop is running. */
	boolean isStopping();

	/** The flag running work polls. */
	StopSignal signal();

	/** Lowers the signal so new work is accepted again. Has no effect while a stop runs. */
	void reset();

	/** The registered Stoppables in the order the next stop would run them. */
	List<PlannedStep> plannedSteps();

	/** Past reports, newest first, at most {@code max}. */
	List<StopReport> history(int max);

	/**
	 * The report as JSON, as the history keeps it: its own fields and a derived {@code summary}
	 * object ({@link StopReport#scriptSummary()} with snake-case names).
	 */
	String toJson(StopReport report);

	/** The reports as one JSON array, each as {@link #toJson(StopReport)} writes it. */
	String toJson(List<StopReport> reports);

	default Optional<StopReport> lastReport() {
		return history(1).stream().findFirst();
	}
}
