package io.backstop.strategies.examples.internal;

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
 * {@code keltner_breakout}: a trend follower on the Keltner channel, an EMA of the close with
 * bands {@code atr_k} ATRs away. Its indicators come from the indicator cache, so a sweep
 * computes each EMA and ATR once and shares it across combinations; the simulator polls the stop.
 */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=100")
public final class KeltnerBreakoutStrategy extends RulesStrategy {

	public static final String ID = "keltner_breakout";

	public KeltnerBreakoutStrategy() {
		super(ID, "Keltner breakout",
				"Goes long when the close breaks above the Keltner channel (EMA + atr_k x ATR) and short when it "
						+ "breaks below it; exits when the close crosses back over the middle EMA. Optional percent stop loss.",
				List.of(ParameterSpec.ofInt("ema_period", 20, 2, 500, 10, 50, 10, "Period of the channel's middle EMA"),
						ParameterSpec.ofInt("atr_period", 10, 1, 500, 10, 20, 10, "ATR period of the band width"),
						ParameterSpec.ofDouble("atr_k", 2, 0.1, 10, 1, 3, 0.5, "Band distance in ATRs"),
						stopLossPct()));
	}

	@Override
	protected SignalRules rules(OhlcvSeries series, Parameters p, IndicatorLookup indicators) {
		double[] middle = indicators.column(Indicators.EMA, 0, p.getInt("ema_period"));
		double[] atr = indicators.column(Indicators.ATR, 0, p.getInt("atr_period"));
		double k = p.getDouble("atr_k");
		double stopPct = p.getDouble("stop_loss_pct");
		double[] close = series.close();
		int first = firstDefined(middle, atr);
		return new SignalRules() {
			@Override
			public int firstBar() {
				return first;
			}

			@Override
			public void signals(int from, int to, Signals out) {
				for (int i = from; i < to; i++) {
					double band = k * atr[i];
					double c = close[i];
					double m = middle[i];
					out.entry(i, c > m + band ? 1 : c < m - band ? -1 : 0);
					out.exit(i, c < m, c > m);
				}
			}

			@Override
			public double stopPrice(int i, int dir, double entryPrice) {
				return SignalRules.percentStop(dir, entryPrice, stopPct);
			}
		};
	}
}
