package io.backstop.estop.api;

/** Outcome of one step of the emergency stop. */
public enum StepStatus {
	/** The step halted or released something; never used for "nothing to do". */
	CLEANED,
	/**
	 * The step halted or released part of what it owns and could not deal with the rest (a worker
	 * that ignored its cancellation, a checkpoint that could not be written); the result says what
	 * and carries the error.
	 */
	PARTIAL,
	/** The step had nothing to do; the result says why. */
	SKIPPED,
	/** The step threw; the result carries the error. */
	FAILED,
	/** The step overran its deadline and was abandoned. */
	TIMED_OUT;

	/** Whether the step left something it should have dealt with: its result carries the error. */
	public boolean isProblem() {
		return this == PARTIAL || this == FAILED || this == TIMED_OUT;
	}
}
