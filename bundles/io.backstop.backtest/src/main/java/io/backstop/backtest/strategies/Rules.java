package io.backstop.backtest.strategies;

import java.util.function.IntUnaryOperator;

import io.backstop.backtest.SignalRules;

/** Signal rules put together from a strategy's entry, exit and stop functions over its indicator arrays. */
record Rules(int firstBar, IntUnaryOperator entryRule, ExitRule exitRule, StopRule stopRule) implements SignalRules {

	/** Whether a position in direction {@code dir} exits at bar {@code i}. */
	interface ExitRule {
		boolean exit(int i, int dir);
	}

	/** The stop price of a position entered at {@code entryPrice}, at bar {@code i}; NaN for none. */
	interface StopRule {
		double stopPrice(int i, int dir, double entryPrice);
	}

	/** For strategies that exit only on the opposite entry signal or their stop. */
	static final ExitRule ON_OPPOSITE_SIGNAL_ONLY = (i, dir) -> false;

	/** Rules whose stop is {@code stopPct} percent from the entry price (none when 0). */
	static Rules withPercentStop(int firstBar, IntUnaryOperator entry, ExitRule exit, double stopPct) {
		return new Rules(firstBar, entry, exit, (i, dir, entryPrice) -> SignalRules.percentStop(dir, entryPrice, stopPct));
	}

	@Override
	public int entry(int i) {
		return entryRule.applyAsInt(i);
	}

	@Override
	public boolean exit(int i, int dir) {
		return exitRule.exit(i, dir);
	}

	@Override
	public double stopPrice(int i, int dir, double entryPrice) {
		return stopRule.stopPrice(i, dir, entryPrice);
	}
}
