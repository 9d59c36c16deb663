package io.backstop.estop.api;

/**
 * One step of the emergency stop, registered as an OSGi service by the bundle that holds
 * the work or memory it releases.
 * <p>
 * Service properties: {@link #ORDER} (int, lower runs first; bands: 100 halt running work,
 * 200 release external resources, 300 caches, 400 device memory, 500 reclaim, 600 UI state)
 * and optionally {@link #TIMEOUT_MS}. Steps of the same order may run in parallel, so a
 * step must not assume that another step of its band has finished.
 */
public interface Stoppable {

	/** Service property: the step's position in the stop (int). */
	String ORDER = "estop.order";

	/** Service property: the step's deadline in milliseconds (long); a default applies when absent. */
	String TIMEOUT_MS = "estop.timeout.ms";

	/**
	 * Steps ordered below this halt running work (the 100 band); from this order on they release
	 * resources. The end of the last of them is the stop's {@link StopReport#workHaltedAt()}.
	 */
	int WORK_HALTING_ORDER_LIMIT = 200;

	/** Stable identifier, for example {@code sweep.halt}. */
	String id();

	/** What the user reads in the stop view, for example "Halt running sweeps". */
	String label();

	/**
	 * Releases what this step owns. Must return before {@link StopContext#deadline()}; a step
	 * still running then is abandoned and its thread interrupted. Throwing marks the step FAILED.
	 */
	StepResult stop(StopContext context) throws Exception;
}
