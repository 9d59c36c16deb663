package io.backstop.sweep.internal;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.BollingerZscoreKernel.Prepared;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.sweep.SweepMetrics;

/**
 * {@code bollinger_zscore} on the original application's kernel: the rolling statistics are
 * prepared once per distinct {@code bb_period} (lazily, by the first worker that needs them) and
 * shared read-only by every combination of that period on every worker. A failed preparation
 * fails the sweep; preparing and waiting for another worker's preparation both poll the stop.
 * <p>
 * The indicator cache service is deliberately not used here: preparing a period costs about a
 * millisecond per 125,000 bars, less than reading or writing its 3 MB disk entry, and a worker
 * busy in cache I/O could not see the stop signal.
 */
final class KernelEvaluator implements ComboEvaluator {

	private final double[] close;
	private final OhlcvSeries series;
	private final double[] low;
	private final double[] high;
	private final long[] time;
	private final RunSettings settings;
	private final int periodAt;
	private final int entryZAt;
	private final int kSlAt;
	private final int leverageAt;
	/** The grid's periods in grid order, for preparing ahead. */
	private final int[] periods;
	private final ConcurrentMap<Integer, FutureTask<Prepared>> prepared = new ConcurrentHashMap<>();
	/** How long a worker waiting for another one's preparation sleeps between polls of the stop. */
	private static final long WAIT_SLICE_MICROS = 500;

	KernelEvaluator(OhlcvSeries series, Grid grid, RunSettings settings) {
		this.close = series.close();
		this.series = series;
		this.low = series.low();
		this.high = series.high();
		this.time = series.timestamps();
		this.settings = settings;
		List<String> names = grid.names();
		this.periodAt = position(names, "bb_period");
		this.entryZAt = position(names, "entry_z");
		this.kSlAt = position(names, "k_sl");
		this.leverageAt = position(names, "leverage");
		this.periods = java.util.Arrays.stream(grid.values("bb_period")).mapToInt(v -> (int) v).toArray();
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
		return SweepMetrics.forStrategy("bollinger_zscore");
	}

	@Override
	public long evaluate(double[] parameters, double[] out, CancellationToken cancel) {
		Prepared p;
		try {
			p = prepared((int) parameters[periodAt], cancel);
		} catch (CancellationException cancelledWhilePreparing) {
			return -1;
		}
		BollingerZscoreKernel.Result r = BollingerZscoreKernel.run(close, low, high, time, p, parameters[entryZAt],
				parameters[kSlAt], parameters[leverageAt], settings, cancel);
		if (r.cancelled()) {
			return -(long) r.barsProcessed() - 1;
		}
		SweepMetrics.write(r.metrics(), out);
		out[SweepMetrics.FIGURES.size()] = r.sharpePerTrade();
		out[SweepMetrics.FIGURES.size() + 1] = r.maxDrawdownClosedPct();
		return r.barsProcessed();
	}

	/**
	 * The period's statistics, prepared once. A worker that finds another one preparing the
	 * period it needs prepares the next period of the grid meanwhile, instead of idling.
	 */
	Prepared prepared(int period, CancellationToken cancel) {
		FutureTask<Prepared> task = prepared.get(period);
		if (task == null) {
			FutureTask<Prepared> mine = new FutureTask<>(() -> prepare(period, cancel));
			task = prepared.putIfAbsent(period, mine);
			if (task == null) {
				mine.run();
				return await(mine, cancel);
			}
		}
		if (!task.isDone() && !cancel.isCancelled()) {
			prepareAhead(period, cancel);
		}
		return await(task, cancel);
	}

	/** Prepares the first period after {@code period} in grid order that nobody has started. */
	private void prepareAhead(int period, CancellationToken cancel) {
		boolean after = false;
		for (int p : periods) {
			if (after && !prepared.containsKey(p)) {
				FutureTask<Prepared> mine = new FutureTask<>(() -> prepare(p, cancel));
				if (prepared.putIfAbsent(p, mine) == null) {
					mine.run();
				}
				return;
			}
			after |= p == period;
		}
	}

	/**
	 * The task's statistics once prepared (by this or another worker), polling {@code cancel}
	 * meanwhile.
	 *
	 * @throws CancellationException once {@code cancel} is cancelled, or when the preparation was
	 */
	private static Prepared await(FutureTask<Prepared> task, CancellationToken cancel) {
		while (true) {
			try {
				return task.get(WAIT_SLICE_MICROS, TimeUnit.MICROSECONDS);
			} catch (TimeoutException e) {
				if (cancel.isCancelled()) {
					throw new CancellationException("sweep halted while another worker prepared a period");
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new CancellationException("interrupted while another worker prepared a period");
			} catch (ExecutionException e) {
				Throwable cause = e.getCause();
				if (cause instanceof RuntimeException r) {
					throw r;
				}
				if (cause instanceof Error err) {
					throw err;
				}
				throw new IllegalStateException(cause);
			}
		}
	}

	private Prepared prepare(int period, CancellationToken cancel) {
		return BollingerZscoreKernel.prepare(close, period, cancel).untradableSilenced(series);
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
