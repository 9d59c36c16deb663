package io.backstop.builder;

import java.util.Locale;

/** What a session's current iteration is doing. */
public enum BuildPhase {
	/** The model proposes an idea (JSON: idea, indicators, rules, parameters). */
	PROPOSING,
	/** The model writes the Java source, or fixes it after compile errors. */
	WRITING,
	/** Backstop compiles and checks the source in the strategy sandbox. */
	COMPILING,
	/** One backtest at the strategy's default parameters. */
	BACKTESTING,
	/** A small sweep of its parameters. */
	SWEEPING,
	/** The model analyses the results and says what to change next. */
	ANALYSING,
	/** Nothing runs: the session has ended. */
	IDLE;

	/** "proposing", "writing", ... */
	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}
}
