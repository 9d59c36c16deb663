package io.backstop.sweep.internal;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;

import io.backstop.backtest.CancellationToken;
import io.backstop.estop.api.StopSignal;
import io.backstop.sweep.RangeEvaluator;
import io.backstop.sweep.RowSink;
import io.backstop.sweep.SweepSpec;

/**
 * Ranges of a sweep started elsewhere, evaluated on the engine's worker threads with one prepared
 * evaluator: as many workers as the spec asks take combinations one at a time from a shared counter
 * and hand each row to the sink under one lock.
 */
final class PoolRangeEvaluator implements RangeEvaluator {

	private final Grid grid;
	private final ComboEvaluator evaluator;
	private final Executor pool;
	private final StopSignal signal;
	private final int workers;
	/** Told {@link System#nanoTime()} as each worker of a range ends. */
	private final LongConsumer workerEnded;

	PoolRangeEvaluator(SweepSpec spec, Grid grid, ComboEvaluator evaluator, Executor pool, StopSignal signal,
			LongConsumer workerEnded) {
		this.grid = grid;
		this.evaluator = evaluator;
		this.pool = pool;
		this.signal = signal;
		this.workers = spec.effectiveWorkers();
		this.workerEnded = workerEnded;
	}

	@Override
	public List<String> metricNames() {
		return evaluator.metricNames();
	}

	@Override
	public boolean evaluate(long from, long to, RowSink sink, CancellationToken cancel) {
		if (signal != null) {
			signal.ensureLowered("Sweep range");
		}
		if (from < 0 || to > grid.total() || from > to) {
			throw new IndexOutOfBoundsException("range " + from + ".." + to + " of " + grid.total() + " combinations");
		}
		AtomicLong next = new AtomicLong(from);
		AtomicReference<Throwable> failure = new AtomicReference<>();
		CancellationToken halting = () -> cancel.isCancelled() || failure.get() != null
				|| (signal != null && signal.isRaised());
		int threads = (int) Math.max(1, Math.min(workers, to - from));
		CountDownLatch ended = new CountDownLatch(threads);
		Object sinkLock = new Object();
		for (int t = 0; t < threads; t++) {
			pool.execute(() -> {
				double[] parameters = new double[grid.parameterCount()];
				double[] metrics = new double[evaluator.metricNames().size()];
				try {
					for (long index = next.getAndIncrement(); index < to; index = next.getAndIncrement()) {
						if (halting.isCancelled()) {
							return;
						}
						grid.decode(index, parameters);
						if (evaluator.evaluate(parameters, metrics, halting) < 0) {
							return;
						}
						synchronized (sinkLock) {
							sink.row(index, metrics);
						}
					}
				} catch (Throwable e) {
					if (!(e instanceof CancellationException && halting.isCancelled())) {
						failure.compareAndSet(null, e);
					}
				} finally {
					Thread.interrupted();
					workerEnded.accept(System.nanoTime());
					ended.countDown();
				}
			});
		}
		try {
			ended.await();
		} catch (InterruptedException e) {
			// the workers see the cancellation within a few thousand bars; the range is not delivered
			Thread.currentThread().interrupt();
			failure.compareAndSet(null, e);
		}
		Throwable failed = failure.get();
		if (failed instanceof RuntimeException runtime) {
			throw runtime;
		}
		if (failed instanceof Error error) {
			throw error;
		}
		if (failed != null) {
			throw new IllegalStateException(failed);
		}
		return !halting.isCancelled() && next.get() >= to;
	}

	@Override
	public void close() {
		evaluator.release();
	}
}
