package io.backstop.builder;

import java.util.Locale;

/** How an iteration ended. */
public enum IterationOutcome {
	/** Compiled, backtested and swept: it has figures. */
	TESTED,
	/**
	 * Did not compile after its fixes, used a refused API, threw, or ran past its time budget: the
	 * reason says which, and the session goes on.
	 */
	FAILED,
	/** Halted while it ran; continuing the session runs it again. */
	HALTED;

	/** "tested", "failed", "halted". */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
