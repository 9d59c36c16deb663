package io.backstop.estop.api;

/** Outcome of one step of the emergency stop. */
public enum StepStatus {
	/** The step released what it owned. */
	CLEANED,
	/** The step had nothing to do; the result says why. */
	SKIPPED,
	/** The step threw; the result carries the error. */
	FAILED,
	/** The step overran its deadline and was abandoned. */
	TIMED_OUT
}
