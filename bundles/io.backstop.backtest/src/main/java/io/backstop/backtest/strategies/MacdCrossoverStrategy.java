package io.backstop.backtest.strategies;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.IndicatorLookup;
import io.backstop.backtest.ParameterConstraint;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RulesStrategy;
import io.backstop.backtest.SignalRules;
import io.backstop.backtest.Signals;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.Indicators;

/** {@code macd_crossover}: long when the MACD line crosses above its signal line, short when below. */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=50")
public final class MacdCrossoverStrategy extends RulesStrategy {

	public MacdCrossoverStrategy() {
		super("macd_crossover", "MACD crossover",
				"Goes long when the MACD line crosses above its signal line and short when it crosses below; each "
						+ "cross reverses the position. Optional percent stop loss.",
				List.of(ParameterSpec.ofInt("fast_period", 12, 2, 200, 8, 16, 2, "Fast EMA period"),
						ParameterSpec.ofInt("slow_period", 26, 3, 500, 20, 32, 3, "Slow EMA period"),
						ParameterSpec.ofInt("signal_period", 9, 1, 200, 5, 13, 2, "Signal EMA period"),
						stopLossPct()),
				List.of(ParameterConstraint.less("fast_period", "slow_period")));
	}

	@Override
	protected SignalRules rules(OhlcvSeries s, Parameters p, IndicatorLookup indicators) {
		int fast = p.getInt("fast_period");
		int slow = p.getInt("slow_period");
		double[][] m = indicators.columns(Indicators.MACD, fast, slow, p.getInt("signal_period"));
		double[] line = m[0];
		double[] signal = m[1];
		double stopPct = p.getDouble("stop_loss_pct");
		int first = firstDefined(signal) + 1;
		return new PercentStopRules(first, stopPct) {
			@Override
			public void signals(int from, int to, Signals out) {
				out.crossings(line, signal, from, to);
			}
		};
	}
}
