package io.backstop.backtest.strategies;

import java.util.List;

import io.backstop.backtest.IndicatorLookup;
import io.backstop.backtest.ParameterConstraint;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RulesStrategy;
import io.backstop.backtest.SignalRules;
import io.backstop.backtest.Signals;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.Indicators;

/** {@code sma_crossover} and {@code ema_crossover}: long when fast crosses above slow, short when below. */
abstract class CrossoverStrategy extends RulesStrategy {

	private final String average;

	CrossoverStrategy(String id, String name, String average) {
		super(id, name,
				"Goes long when the fast " + average.toUpperCase() + " of the close crosses above the slow one and short "
						+ "when it crosses below; each cross reverses the position. Optional percent stop loss.",
				List.of(ParameterSpec.ofInt("fast_period", 10, 2, 500, 5, 50, 5, "Fast average period"),
						ParameterSpec.ofInt("slow_period", 30, 3, 1000, 20, 200, 10, "Slow average period"),
						stopLossPct()),
				List.of(ParameterConstraint.less("fast_period", "slow_period")));
		this.average = average;
	}

	@Override
	protected SignalRules rules(OhlcvSeries s, Parameters p, IndicatorLookup indicators) {
		int fastPeriod = p.getInt("fast_period");
		int slowPeriod = p.getInt("slow_period");
		double[] fast = indicators.column(average, 0, fastPeriod);
		double[] slow = indicators.column(average, 0, slowPeriod);
		double stopPct = p.getDouble("stop_loss_pct");
		int first = firstDefined(fast, slow) + 1;
		return new PercentStopRules(first, stopPct) {
			@Override
			public void signals(int from, int to, Signals out) {
				out.crossings(fast, slow, from, to);
			}
		};
	}
}
