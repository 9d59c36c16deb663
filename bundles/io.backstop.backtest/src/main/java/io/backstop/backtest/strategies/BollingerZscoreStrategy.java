package io.backstop.backtest.strategies;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.RunStatus;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.Side;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.Trade;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * {@code bollinger_zscore}: the original application's sweep kernel ({@link BollingerZscoreKernel})
 * as a strategy, under every run setting as the kernel reads them (sizing from the initial
 * capital, never compounding; see its class description). Its {@link BacktestResult#metrics()} are
 * those of the equity marked at each close, like every strategy's; the original's per-trade Sharpe
 * and closed-trade drawdown are in the extras as {@value #SHARPE_PER_TRADE} and
 * {@value #MAX_DRAWDOWN_CLOSED_PCT}.
 * <p>
 * The original's {@code bb_std} is not a parameter: it never changed the signal, and sweeping it
 * only repeated one result.
 */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=70")
public final class BollingerZscoreStrategy implements Strategy {

	public static final String ID = "bollinger_zscore";

	/** The extra holding the original's Sharpe, computed on per-trade returns. */
	public static final String SHARPE_PER_TRADE = "sharpe_per_trade";

	/** The extra holding the original's max drawdown, in percent, of equity after closed trades only. */
	public static final String MAX_DRAWDOWN_CLOSED_PCT = "max_drawdown_closed_pct";

	private static final List<ParameterSpec> PARAMETERS = List.of(
			ParameterSpec.ofInt("bb_period", 20, 2, 1000, 10, 50, 5, "Rolling window of the z-score"),
			ParameterSpec.ofDouble("entry_z", 2, 0.05, 10, 1, 3, 0.5, "Enter when |z| exceeds this"),
			ParameterSpec.ofDouble("k_sl", 2, 0.05, 100, 0.5, 4, 0.5, "Stop distance in percent of the entry price"),
			ParameterSpec.ofDouble("leverage", 1, 0.01, 100, 1, 1, 1, "Multiplies the size the run settings give"));

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "Bollinger z-score";
	}

	@Override
	public String description() {
		return "Mean reversion on the z-score of the close: z = (close - mean) / deviation over bb_period closes; long "
				+ "below -entry_z, short above entry_z; exit on the opposite signal or a stop k_sl percent away "
				+ "(checked on the bar's low or high, filled at the close); fixed size, never compounding.";
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

	/** The figures and trades, without the equity curve: nothing allocated per bar. */
	@Override
	public BacktestResult runForFigures(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, false);
	}

	private BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache, boolean keepCurve) {
		Parameters p = parameters.resolve(PARAMETERS);
		int period = p.getInt("bb_period");
		double entryZ = p.getDouble("entry_z");
		double kSl = p.getDouble("k_sl");
		double leverage = p.getDouble("leverage");
		double[] close = series.close();
		BollingerZscoreKernel.Prepared prepared;
		try {
			prepared = prepare(series, period, cancel, cache).untradableSilenced(series);
		} catch (CancellationException cancelledWhilePreparing) {
			return new BacktestResult(ID, p, settings, RunStatus.CANCELLED, 0, new double[0], List.of(),
					Metrics.compute(new double[0], 0, series.timestamps(), List.of(), settings.initialCapital()),
					Map.of(), null);
		}
		int n = series.size();
		double[] equity = keepCurve ? new double[n] : null;
		long[] time = series.timestamps();
		List<Trade> trades = new ArrayList<>();
		double fee = settings.feeFraction();
		BollingerZscoreKernel.TradeSink sink = (side, entryBar, exitBar, entryPrice, exitPrice, notional, net, pnl,
				reason) -> trades.add(new Trade(Side.of(side), entryBar, exitBar, time[entryBar], time[exitBar],
						entryPrice, exitPrice, notional / entryPrice, net, pnl, 2 * fee * notional, reason));
		// the same trades and figures either way; the sweep's run, without a curve, is the kernel's fast one
		BollingerZscoreKernel.Result r = keepCurve
				? BollingerZscoreKernel.runDetailed(close, series.low(), series.high(), time, prepared, entryZ, kSl,
						leverage, settings, cancel, equity, sink)
				: BollingerZscoreKernel.run(close, series.low(), series.high(), time, prepared, entryZ, kSl, leverage,
						settings, cancel, sink);
		Map<String, Double> extras = new LinkedHashMap<>();
		extras.put(SHARPE_PER_TRADE, r.sharpePerTrade());
		extras.put(MAX_DRAWDOWN_CLOSED_PCT, r.maxDrawdownClosedPct());
		return new BacktestResult(ID, p, settings, r.cancelled() ? RunStatus.CANCELLED : RunStatus.COMPLETED,
				r.barsProcessed(), keepCurve ? equity : new double[0], trades, r.metrics(), extras,
				r.ruined() ? new BacktestResult.Ruined(r.ruinBar(), time[r.ruinBar()]) : null);
	}

	/** The period's statistics, through the cache when there is one; both poll {@code cancel}. */
	private static BollingerZscoreKernel.Prepared prepare(OhlcvSeries series, int period, CancellationToken cancel,
			IndicatorCache cache) {
		double[] close = series.close();
		if (cache == null) {
			return BollingerZscoreKernel.prepare(close, period, cancel);
		}
		double[][] cols = cache.getOrCompute(new IndicatorKey(series.fingerprint(), "zscore", period), () -> {
			BollingerZscoreKernel.Prepared fresh = BollingerZscoreKernel.prepare(close, period, cancel);
			return new double[][] { fresh.mean(), fresh.std(), fresh.z() };
		}, cancel::isCancelled);
		return new BollingerZscoreKernel.Prepared(period, cols[0], cols[1], cols[2]);
	}
}
