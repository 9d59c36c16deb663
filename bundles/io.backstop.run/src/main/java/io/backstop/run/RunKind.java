package io.backstop.run;

import java.util.Locale;

/** The kinds of work the {@link RunService} runs. */
public enum RunKind {
	/** One backtest of one parameter set. */
	BACKTEST,
	/** Every combination of a parameter grid, on a worker pool. */
	SWEEP,
	/** An LLM agent proposes parameter sets within bounds, one backtest each, for a number of iterations. */
	LLM;

	/** How people call it: "backtest", "sweep", "LLM". */
	public String label() {
		return this == LLM ? "LLM" : name().toLowerCase(Locale.ROOT);
	}
}
