package io.backstop.backtest;

/** What a run does once its equity reaches zero. */
public enum Ruin {
	/**
	 * The run is ruined at that bar: it stops trading, reports the bar, and every figure is
	 * defined on the equity up to it (a return never below -100 %).
	 */
	STOP,
	/**
	 * Trading goes on with negative equity, as the application Backstop replaces did; its figures
	 * are kept for comparison and are not meaningful once equity is below zero.
	 */
	CONTINUE
}
