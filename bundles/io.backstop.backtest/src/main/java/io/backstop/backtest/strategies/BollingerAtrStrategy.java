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
 * {@code bollinger_atr}: mean reversion. Long when the close is below the lower band, short when
 * above the upper band; exit at the middle band; stop loss at {@code atr_k x ATR} from the entry.
 */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=30")
public final class BollingerAtrStrategy extends RulesStrategy {

	public BollingerAtrStrategy() {
		super("bollinger_atr", "Bollinger + ATR mean reversion",
				"Enters against the move at the outer Bollinger band (long below the lower band, short above the "
						+ "upper band), exits at the middle band, with a stop loss at atr_k x ATR from the entry.",
				List.of(ParameterSpec.ofInt("bb_period", 20, 2, 500, 10, 50, 5, "Bollinger period"),
						ParameterSpec.ofDouble("bb_std", 2, 0.5, 5, 1.5, 3, 0.5, "Band width in standard deviations"),
						ParameterSpec.ofInt("atr_period", 14, 1, 500, 7, 28, 7, "ATR period"),
						ParameterSpec.ofDouble("atr_k", 2, 0.1, 20, 1, 4, 0.5, "Stop distance in ATRs")));
	}

	@Override
	protected SignalRules rules(OhlcvSeries s, Parameters p, IndicatorLookup indicators) {
		double[][] bands = indicators.columns(Indicators.BOLLINGER, p.getInt("bb_period"), p.getDouble("bb_std"));
		double[] upper = bands[0];
		double[] middle = bands[1];
		double[] lower = bands[2];
		double[] atr = indicators.column(Indicators.ATR, 0, p.getInt("atr_period"));
		double k = p.getDouble("atr_k");
		double[] close = s.close();
		int first = firstDefined(upper, atr);
		return new SignalRules() {
			@Override
			public int firstBar() {
				return first;
			}

			@Override
			public void signals(int from, int to, Signals out) {
				for (int i = from; i < to; i++) {
					double c = close[i];
					out.entry(i, c < lower[i] ? 1 : c > upper[i] ? -1 : 0);
					out.exit(i, c >= middle[i], c <= middle[i]);
				}
			}

			@Override
			public double stopPrice(int i, int dir, double entryPrice) {
				return entryPrice - dir * k * atr[i];
			}
		};
	}
}
