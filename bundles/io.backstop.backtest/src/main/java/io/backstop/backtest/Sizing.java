package io.backstop.backtest;

/** How large a position the {@link Simulator} opens. */
public enum Sizing {
	/**
	 * Notional = value x current equity (compounding). Value 1.0 puts the whole account in
	 * each position; 2.0 is two times leverage.
	 */
	EQUITY_FRACTION,
	/** Notional = value x initial capital, whatever the equity (no compounding). */
	FIXED_FRACTION_OF_INITIAL
}
