package io.backstop.optimise;

/** Where a search or walk-forward stands. */
public enum SearchState {
	/** Evaluating. */
	RUNNING,
	/** Budget used, patience run out, or the space exhausted. */
	COMPLETED,
	/** Cancelled by its user; resumable. */
	CANCELLED,
	/** Halted by the emergency stop; resumable. */
	STOPPED,
	/** Failed; the message says why. */
	FAILED;

	public boolean isFinished() {
		return this != RUNNING;
	}

	/** True when resume can continue it. */
	public boolean isResumable() {
		return this == CANCELLED || this == STOPPED || this == FAILED;
	}

	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
