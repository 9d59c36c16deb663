package io.backstop.run;

/** Where a run stands. */
public enum RunState {
	/** Working. */
	RUNNING,
	/** Ran to its end: every bar, every combination, or the LLM run's own end (accepted, budget used up). */
	COMPLETED,
	/** Cancelled by its user; what it computed is kept (a sweep is resumable). */
	CANCELLED,
	/** Halted by the emergency stop; what it computed is kept (a sweep is resumable). */
	STOPPED,
	/** It failed; {@link RunOutcome#message()} says why in one line. */
	FAILED;

	/** True once the run computes nothing more. */
	public boolean isFinished() {
		return this != RUNNING;
	}

	/** "completed", "stopped", ... */
	public String label() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}
}
