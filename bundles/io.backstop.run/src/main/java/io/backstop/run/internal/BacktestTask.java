package io.backstop.run.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopSignal;
import io.backstop.indicators.IndicatorCache;

/**
 * One backtest on a thread of its own. It stops at the engine's next poll once cancelled or once
 * the stop signal is raised; the halt step cancels it too and waits for {@link #done()}.
 */
final class BacktestTask {

	private final CompletableFuture<BacktestResult> done = new CompletableFuture<>();
	private volatile boolean cancelled;
	private volatile long startedNanos;

	/** Starts the backtest on {@code executor}; {@code onEnd} is called (on that thread) before {@link #done()} completes. */
	BacktestTask(Strategy strategy, OhlcvSeries series, Parameters parameters, RunSettings settings, StopSignal signal,
			IndicatorCache cache, Executor executor) {
		CancellationToken token = CancellationToken.of(() -> cancelled).or(CancellationToken.of(signal::isRaised));
		executor.execute(() -> {
			startedNanos = System.nanoTime();
			try {
				done.complete(strategy.run(series, parameters, settings, token, cache));
			} catch (Throwable e) {
				done.completeExceptionally(e);
			}
		});
	}

	/** Asks the backtest to stop at its next poll; false once it has ended. */
	boolean cancel() {
		if (done.isDone()) {
			return false;
		}
		cancelled = true;
		return true;
	}

	/** True when it was cancelled rather than halted by the stop signal. */
	boolean wasCancelled() {
		return cancelled;
	}

	/** Nanos since the backtest began on its thread; 0 before. */
	long runningNanos() {
		long started = startedNanos;
		return started == 0 ? 0 : System.nanoTime() - started;
	}

	CompletableFuture<BacktestResult> done() {
		return done;
	}
}
