package io.backstop.backtest.strategies;

import io.backstop.backtest.SignalRules;

/** Signal rules from a first bar, whose stop is {@code stopPct} percent from the entry price (none when 0). */
abstract class PercentStopRules implements SignalRules {

	private final int firstBar;
	private final double stopPct;

	PercentStopRules(int firstBar, double stopPct) {
		this.firstBar = firstBar;
		this.stopPct = stopPct;
	}

	@Override
	public final int firstBar() {
		return firstBar;
	}

	@Override
	public final double stopPrice(int i, int dir, double entryPrice) {
		return SignalRules.percentStop(dir, entryPrice, stopPct);
	}
}
