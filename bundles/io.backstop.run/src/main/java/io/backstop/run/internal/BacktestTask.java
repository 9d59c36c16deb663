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
 * One backtest on a thread of its own. It stops at the engine's next poll once its user cancels
 * it, the stop signal is raised or the halt step halts it; the halt step waits for {@link #done()}.
 */
final class BacktestTask {

	private final CompletableFuture<BacktestResult> done = new CompletableFuture<>();
	private volatile boolean cancelled;
	private volatile boolean halted;
	private volatile boolean haltedByStop;

	/** Starts the backtest on {@code executor}. */
	BacktestTask(Strategy strategy, OhlcvSeries series, Parameters parameters, RunSettings settings, StopSignal signal,
			IndicatorCache cache, Executor executor) {
		CancellationToken token = CancellationToken.of(() -> cancelled || halted).or(CancellationToken.of(signal::isRaised));
		executor.execute(() -> {
			try {
				BacktestResult result = strategy.run(series, parameters, settings, token, cache);
				// the stop wins over its user's cancel when both asked: the report names it as halted
				haltedByStop = result.isCancelled() && (halted || signal.isRaised());
				done.complete(result);
			} catch (Throwable e) {
				done.completeExceptionally(e);
			}
		});
	}

	/** Asks the backtest to stop at its next poll, for its user; false once it has ended. */
	boolean cancel() {
		if (done.isDone()) {
			return false;
		}
		cancelled = true;
		return true;
	}

	/** Asks the backtest to stop at its next poll, for the emergency stop. */
	void halt() {
		halted = true;
	}

	/** True once it has ended part way because the emergency stop halted it (the signal or the halt step). */
	boolean wasHaltedByStop() {
		return haltedByStop;
	}

	CompletableFuture<BacktestResult> done() {
		return done;
	}
}
