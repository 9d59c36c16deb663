package io.backstop.strategies.examples.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.RunStatus;
import io.backstop.backtest.SignalRules;
import io.backstop.backtest.Simulator;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.Indicators;

/**
 * {@code keltner_breakout}: a trend follower on the Keltner channel, an EMA of the close with
 * bands {@code atr_k} ATRs away. Its indicators come from the indicator cache, so a sweep
 * computes each EMA and ATR once and shares it across combinations; the simulator polls the stop.
 */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=100")
public final class KeltnerBreakoutStrategy implements Strategy {

	public static final String ID = "keltner_breakout";

	private static final List<ParameterSpec> PARAMETERS = List.of(
			ParameterSpec.ofInt("ema_period", 20, 2, 500, 10, 50, 10, "Period of the channel's middle EMA"),
			ParameterSpec.ofInt("atr_period", 10, 1, 500, 10, 20, 10, "ATR period of the band width"),
			ParameterSpec.ofDouble("atr_k", 2, 0.1, 10, 1, 3, 0.5, "Band distance in ATRs"),
			ParameterSpec.ofDouble("stop_loss_pct", 0, 0, 50, 0, 4, 2, "Stop loss in percent of the entry; 0 for none"));

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "Keltner breakout";
	}

	@Override
	public String description() {
		return "Goes long when the close breaks above the Keltner channel (EMA + atr_k x ATR) and short when it "
				+ "breaks below it; exits when the close crosses back over the middle EMA. Optional percent stop loss.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return PARAMETERS;
	}

	@Override
	public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, true);
	}

	@Override
	public BacktestResult runForFigures(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, false);
	}

	private BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache, boolean keepCurve) {
		Parameters p = parameters.resolve(PARAMETERS);
		SignalRules rules;
		try {
			rules = rules(series, p, cache, cancel);
		} catch (CancellationException cancelledWhilePreparing) {
			return new BacktestResult(ID, p, settings, RunStatus.CANCELLED, 0, new double[0], List.of(),
					Metrics.compute(new double[0], 0, series.timestamps(), List.of(), settings.initialCapital()),
					Map.of(), null);
		}
		return keepCurve ? Simulator.run(series, rules, settings, cancel, ID, p)
				: Simulator.runForFigures(series, rules, settings, cancel, ID, p);
	}

	private static SignalRules rules(OhlcvSeries series, Parameters p, IndicatorCache cache, CancellationToken cancel) {
		double[] middle = Indicators.cached(cache, series, Indicators.EMA, cancel::isCancelled, p.getInt("ema_period"))[0];
		double[] atr = Indicators.cached(cache, series, Indicators.ATR, cancel::isCancelled, p.getInt("atr_period"))[0];
		double k = p.getDouble("atr_k");
		double stopPct = p.getDouble("stop_loss_pct");
		double[] close = series.close();
		int first = Math.max(firstDefined(middle), firstDefined(atr));
		return new SignalRules() {
			@Override
			public int firstBar() {
				return first;
			}

			@Override
			public int entry(int i) {
				double band = k * atr[i];
				return close[i] > middle[i] + band ? 1 : close[i] < middle[i] - band ? -1 : 0;
			}

			@Override
			public boolean exit(int i, int dir) {
				return dir > 0 ? close[i] < middle[i] : close[i] > middle[i];
			}

			@Override
			public double stopPrice(int i, int dir, double entryPrice) {
				return SignalRules.percentStop(dir, entryPrice, stopPct);
			}
		};
	}

	private static int firstDefined(double[] values) {
		int k = 0;
		while (k < values.length && Double.isNaN(values[k])) {
			k++;
		}
		return k;
	}
}
