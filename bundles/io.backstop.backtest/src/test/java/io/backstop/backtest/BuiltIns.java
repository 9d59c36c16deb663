package io.backstop.backtest;

import java.util.ArrayList;
import java.util.List;

import io.backstop.backtest.strategies.BollingerAtrStrategy;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.DonchianBreakoutStrategy;
import io.backstop.backtest.strategies.EmaCrossoverStrategy;
import io.backstop.backtest.strategies.MacdCrossoverStrategy;
import io.backstop.backtest.strategies.RsiReversalStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;

/** The built-in strategies without OSGi, in catalogue order, and their default grids. */
public final class BuiltIns {

	private BuiltIns() {
	}

	public static StrategyRegistry registry() {
		return StrategyRegistry.of(List.of(new SmaCrossoverStrategy(), new EmaCrossoverStrategy(),
				new BollingerAtrStrategy(), new RsiReversalStrategy(), new MacdCrossoverStrategy(),
				new DonchianBreakoutStrategy(), new BollingerZscoreStrategy()));
	}

	/** Every combination of the parameters' default sweep values, the last parameter varying fastest. */
	public static List<Parameters> defaultGrid(Strategy strategy) {
		List<Parameters> grid = new ArrayList<>(List.of(Parameters.empty()));
		for (ParameterSpec spec : strategy.parameters()) {
			List<Parameters> next = new ArrayList<>();
			for (Parameters p : grid) {
				for (double v : spec.sweepValues()) {
					next.add(p.with(spec.name(), v));
				}
			}
			grid = next;
		}
		return grid;
	}
}
