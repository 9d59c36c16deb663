package io.backstop.sweep.internal;

import java.util.List;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.SweepMetrics;

/**
 * Any strategy through its simulator path. Indicator arrays go through an
 * {@link IndicatorCache} (the service when there is one, else a cache local to the sweep), so
 * each is computed once per parameter value and shared by every combination using it. A
 * combination the strategy refuses (for example a fast period not below the slow one) is
 * recorded without metrics (empty fields in the results file) and never ranked.
 */
final class StrategyEvaluator implements ComboEvaluator {

	private final Strategy strategy;
	private final OhlcvSeries series;
	private final Grid grid;
	private final RunSettings settings;
	private final IndicatorCache cache;

	StrategyEvaluator(Strategy strategy, OhlcvSeries series, Grid grid, RunSettings settings, IndicatorCache cache) {
		this.strategy = strategy;
		this.series = series;
		this.grid = grid;
		this.settings = settings;
		this.cache = cache != null ? cache : new SweepLocalCache();
	}

	@Override
	public List<String> metricNames() {
		return SweepMetrics.FIGURES;
	}

	@Override
	public long evaluate(double[] parameters, double[] out, CancellationToken cancel) {
		BacktestResult r;
		try {
			r = strategy.runForFigures(series, Parameters.of(grid.asMap(parameters)), settings, cancel, cache);
		} catch (IllegalArgumentException invalidCombination) {
			// for example fast_period >= slow_period: recorded without metrics, ranked last
			java.util.Arrays.fill(out, Double.NaN);
			return 0;
		}
		if (r.isCancelled()) {
			return -(long) r.barsProcessed() - 1;
		}
		SweepMetrics.write(r.metrics(), out);
		return r.barsProcessed();
	}

	@Override
	public void release() {
		if (cache instanceof SweepLocalCache local) {
			local.clearMemory();
		}
	}
}
