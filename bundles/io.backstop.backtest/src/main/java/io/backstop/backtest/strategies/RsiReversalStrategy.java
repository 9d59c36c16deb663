package io.backstop.backtest.strategies;

import java.util.List;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.IndicatorLookup;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RulesStrategy;
import io.backstop.backtest.SignalRules;
import io.backstop.backtest.Signals;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.Indicators;

/**
 * {@code rsi_reversal}: long when RSI is below {@code oversold}, short above {@code overbought};
 * exit when RSI crosses back to {@code exit_level}.
 */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=40")
public final class RsiReversalStrategy extends RulesStrategy {

	public RsiReversalStrategy() {
		super("rsi_reversal", "RSI reversal",
				"Buys oversold (RSI below oversold) and sells overbought (RSI above overbought); closes when RSI "
						+ "returns to exit_level. Optional percent stop loss.",
				List.of(ParameterSpec.ofInt("rsi_period", 14, 2, 500, 7, 28, 7, "RSI period"),
						ParameterSpec.ofDouble("oversold", 30, 1, 50, 20, 35, 5, "Long entry below this RSI"),
						ParameterSpec.ofDouble("overbought", 70, 50, 99, 65, 80, 5, "Short entry above this RSI"),
						ParameterSpec.ofDouble("exit_level", 50, 1, 99, 50, 50, 5, "Exit when RSI gets back here"),
						stopLossPct()));
	}

	@Override
	protected SignalRules rules(OhlcvSeries s, Parameters p, IndicatorLookup indicators) {
		double[] rsi = indicators.column(Indicators.RSI, 0, p.getInt("rsi_period"));
		double oversold = p.getDouble("oversold");
		double overbought = p.getDouble("overbought");
		double exitLevel = p.getDouble("exit_level");
		double stopPct = p.getDouble("stop_loss_pct");
		int first = firstDefined(rsi);
		return new PercentStopRules(first, stopPct) {
			@Override
			public void signals(int from, int to, Signals out) {
				for (int i = from; i < to; i++) {
					double r = rsi[i];
					out.entry(i, r < oversold ? 1 : r > overbought ? -1 : 0);
					out.exit(i, r >= exitLevel, r <= exitLevel);
				}
			}
		};
	}
}
