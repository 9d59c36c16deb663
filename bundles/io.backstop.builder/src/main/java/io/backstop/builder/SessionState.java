package io.backstop.builder;

import java.util.Locale;

/** Where a builder session stands. */
public enum SessionState {
	/** Iterating now. */
	RUNNING,
	/** Its iterations are used up. */
	COMPLETED,
	/** Halted (emergency stop, halt, or Backstop closed while it ran); it can be continued. */
	STOPPED,
	/** It could not go on (no model, no data); the message says why. It can be continued. */
	FAILED;

	public boolean isFinished() {
		return this != RUNNING;
	}

	/** "running", "completed", ... */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
