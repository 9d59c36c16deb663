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
 * {@code donchian_breakout}: long when the close breaks above the previous bar's
 * {@code channel_period} high, short below its low; exit when the close crosses the previous bar's
 * {@code exit_period} channel on the other side (turtle style).
 */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=60")
public final class DonchianBreakoutStrategy extends RulesStrategy {

	public DonchianBreakoutStrategy() {
		super("donchian_breakout", "Donchian breakout",
				"Goes long when the close breaks above the highest high of the previous channel_period bars and short "
						+ "when it breaks below the lowest low; exits on a break of the shorter exit_period channel "
						+ "the other way. Optional percent stop loss.",
				List.of(ParameterSpec.ofInt("channel_period", 20, 2, 500, 10, 60, 10, "Entry channel period"),
						ParameterSpec.ofInt("exit_period", 10, 1, 500, 5, 20, 5, "Exit channel period"),
						stopLossPct()));
	}

	@Override
	protected SignalRules rules(OhlcvSeries s, Parameters p, IndicatorLookup indicators) {
		double[][] entryChannel = indicators.columns(Indicators.DONCHIAN, p.getInt("channel_period"));
		double[][] exitChannel = indicators.columns(Indicators.DONCHIAN, p.getInt("exit_period"));
		double[] upper = entryChannel[0];
		double[] lower = entryChannel[2];
		double[] exitUpper = exitChannel[0];
		double[] exitLower = exitChannel[2];
		double[] close = s.close();
		double stopPct = p.getDouble("stop_loss_pct");
		int first = firstDefined(upper, exitUpper) + 1;
		return new PercentStopRules(first, stopPct) {
			@Override
			public void signals(int from, int to, Signals out) {
				for (int i = from; i < to; i++) {
					double c = close[i];
					out.entry(i, c > upper[i - 1] ? 1 : c < lower[i - 1] ? -1 : 0);
					out.exit(i, c < exitLower[i - 1], c > exitUpper[i - 1]);
				}
			}
		};
	}
}
