package io.backstop.sweep;

/** Where a sweep stands. */
public enum SweepState {
	/** Workers are computing. */
	RUNNING,
	/** Every combination was computed. */
	COMPLETED,
	/**
	 * Cancelled by the user (service, handle or Job), or halted because its strategy left (its
	 * bundle stopped, or a new version replaced it); resumable from its checkpoint.
	 */
	CANCELLED,
	/** Halted by the emergency stop; resumable from its checkpoint. */
	STOPPED,
	/** A worker failed; {@link SweepStatus#message()} says why. Resumable from its checkpoint. */
	FAILED;

	/** True once the sweep will not compute any more. */
	public boolean isFinished() {
		return this != RUNNING;
	}

	/** True when {@link SweepService#resume(String)} can continue it. */
	public boolean isResumable() {
		return this == CANCELLED || this == STOPPED || this == FAILED;
	}
}
