package io.backstop.sweep.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.BollingerZscoreKernel.Prepared;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;
import io.backstop.sweep.SweepMetrics;

/**
 * {@code bollinger_zscore} on the original application's kernel: the rolling statistics are
 * prepared once per distinct {@code bb_period} (lazily, by the first worker that needs them,
 * through the indicator cache when there is one) and shared read-only by every combination of
 * that period on every worker.
 */
final class KernelEvaluator implements ComboEvaluator {

	private final double[] close;
	private final double[] low;
	private final double[] high;
	private final RunSettings settings;
	private final IndicatorCache cache;
	private final String fingerprint;
	private final int periodAt;
	private final int entryZAt;
	private final int kSlAt;
	private final int leverageAt;
	private final ConcurrentMap<Integer, Prepared> prepared = new ConcurrentHashMap<>();

	KernelEvaluator(OhlcvSeries series, Grid grid, RunSettings settings, IndicatorCache cache) {
		this.close = series.close();
		this.low = series.low();
		this.high = series.high();
		this.settings = settings;
		this.cache = cache;
		this.fingerprint = cache == null ? null : series.fingerprint();
		List<String> names = grid.names();
		this.periodAt = position(names, "bb_period");
		this.entryZAt = position(names, "entry_z");
		this.kSlAt = position(names, "k_sl");
		this.leverageAt = position(names, "leverage");
	}

	private static int position(List<String> names, String name) {
		int p = names.indexOf(name);
		if (p < 0) {
			throw new IllegalStateException("bollinger_zscore has no parameter " + name);
		}
		return p;
	}

	@Override
	public List<String> metricNames() {
		return SweepMetrics.KERNEL;
	}

	@Override
	public long evaluate(double[] parameters, double[] out, CancellationToken cancel) {
		Prepared p = prepared((int) parameters[periodAt]);
		BollingerZscoreKernel.Result r = BollingerZscoreKernel.run(close, low, high, p, parameters[entryZAt],
				parameters[kSlAt], parameters[leverageAt], settings, cancel);
		if (r.cancelled()) {
			return -(long) r.barsProcessed() - 1;
		}
		out[0] = r.totalPnl();
		out[1] = r.finalEquity();
		out[2] = r.trades();
		out[3] = r.winRate();
		out[4] = r.sharpe();
		out[5] = r.maxDrawdownPct();
		return r.barsProcessed();
	}

	/** The period's statistics, prepared once (threads asking for the same period wait for the first). */
	Prepared prepared(int period) {
		Prepared p = prepared.get(period);
		return p != null ? p : prepared.computeIfAbsent(period, this::prepare);
	}

	private Prepared prepare(int period) {
		if (cache == null) {
			return BollingerZscoreKernel.prepare(close, period);
		}
		double[][] cols = cache.getOrCompute(new IndicatorKey(fingerprint, "zscore", period), () -> {
			Prepared fresh = BollingerZscoreKernel.prepare(close, period);
			return new double[][] { fresh.mean(), fresh.std(), fresh.z() };
		});
		return new Prepared(period, cols[0], cols[1], cols[2]);
	}

	/** Periods prepared so far. */
	int preparedCount() {
		return prepared.size();
	}

	@Override
	public void release() {
		prepared.clear();
	}
}
