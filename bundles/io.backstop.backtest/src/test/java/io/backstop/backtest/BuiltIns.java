package io.backstop.backtest;

import java.util.List;

import io.backstop.backtest.strategies.BollingerAtrStrategy;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.DonchianBreakoutStrategy;
import io.backstop.backtest.strategies.EmaCrossoverStrategy;
import io.backstop.backtest.strategies.MacdCrossoverStrategy;
import io.backstop.backtest.strategies.RsiReversalStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;

/** The built-in strategies without OSGi, in catalogue order. */
final class BuiltIns {

	private BuiltIns() {
	}

	static StrategyRegistry registry() {
		return StrategyRegistry.of(List.of(new SmaCrossoverStrategy(), new EmaCrossoverStrategy(),
				new BollingerAtrStrategy(), new RsiReversalStrategy(), new MacdCrossoverStrategy(),
				new DonchianBreakoutStrategy(), new BollingerZscoreStrategy()));
	}
}
