package io.backstop.run;

import java.util.Locale;

/** The kinds of work the {@link RunService} runs. */
public enum RunKind {
	/** One backtest of one parameter set. */
	BACKTEST,
	/** Every combination of a parameter grid, on a worker pool. */
	SWEEP,
	/** An LLM agent proposes parameter sets within bounds, one backtest each, for a number of iterations. */
	LLM,
	/** A random, genetic or CMA-ES search over a parameter grid, within a budget of evaluations. */
	SEARCH,
	/**
	 * Walk-forward analysis: a search on each in-sample window, its best tested on the following
	 * out-of-sample window, the out-of-sample equity stitched; or one holdout split.
	 */
	WALK_FORWARD;

	/** How people call it: "backtest", "sweep", "LLM", "search", "walk-forward". */
	public String label() {
		return switch (this) {
		case LLM -> "LLM";
		case WALK_FORWARD -> "walk-forward";
		default -> name().toLowerCase(Locale.ROOT);
		};
	}

	/** True for the kinds whose parameters are grids (a value, from:to:step or a list each): sweeps and searches. */
	public boolean takesGrid() {
		return this == SWEEP || this == SEARCH || this == WALK_FORWARD;
	}
}
