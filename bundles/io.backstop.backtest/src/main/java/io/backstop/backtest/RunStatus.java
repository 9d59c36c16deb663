package io.backstop.backtest;

/** How a run ended. */
public enum RunStatus {
	/** Every bar was processed; a position still open after the last bar was closed there. */
	COMPLETED,
	/** The {@link CancellationToken} stopped the run; the result holds what was computed before. */
	CANCELLED
}
