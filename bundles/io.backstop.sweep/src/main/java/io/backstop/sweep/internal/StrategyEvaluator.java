package io.backstop.sweep.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

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
 * combination the strategy refuses (for example a fast period not below the slow one) or fails
 * on (a fault in a user's strategy) is recorded without metrics (empty fields in the results
 * file), never ranked, and counted with the first one's reason for the sweep's message; the sweep
 * goes on.
 */
final class StrategyEvaluator implements ComboEvaluator {

	private final Strategy strategy;
	private final OhlcvSeries series;
	private final Grid grid;
	private final RunSettings settings;
	private final IndicatorCache cache;
	private final LongAdder withoutFigures = new LongAdder();
	private final AtomicReference<String> firstReason = new AtomicReference<>();

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
		} catch (CancellationException halted) {
			throw halted;
		} catch (RuntimeException refusedOrFailed) {
			withoutFigures.increment();
			firstReason.compareAndSet(null, refusedOrFailed.getMessage() != null ? refusedOrFailed.getMessage()
					: refusedOrFailed.getClass().getSimpleName());
			Arrays.fill(out, Double.NaN);
			return 0;
		}
		if (r.isCancelled()) {
			return -(long) r.barsProcessed() - 1;
		}
		SweepMetrics.write(r.metrics(), out);
		return r.barsProcessed();
	}

	@Override
	public String withoutFigures() {
		long count = withoutFigures.sum();
		return count == 0 ? ""
				: String.format(Locale.ROOT, "%,d combination%s gave no figures; the first: %s", count,
						count == 1 ? "" : "s", firstReason.get());
	}

	@Override
	public void release() {
		if (cache instanceof SweepLocalCache local) {
			local.clearMemory();
		}
	}
}
