package io.backstop.strategies.workspace.internal;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time one run of a workspace strategy may take: past it, the run's thread is interrupted, which
 * ends the strategy's loops through the {@link LoopGuard}, and the run fails saying so, instead of
 * spinning on a core forever. One timer thread serves every run.
 */
final class RunBudget implements AutoCloseable {

	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "workspace strategies: run budget");
		thread.setDaemon(true);
		return thread;
	});
	private volatile Duration limit;

	RunBudget(Duration limit) {
		set(limit);
	}

	/** Applies to the runs that start from now on. */
	void set(Duration limit) {
		if (limit.isNegative() || limit.isZero()) {
			throw new IllegalArgumentException("a run's time budget must be positive: " + limit);
		}
		this.limit = limit;
	}

	/** Starts watching the calling thread's run; {@link Watch#end()} must follow when it ends. */
	Watch watch() {
		return new Watch(Thread.currentThread(), limit);
	}

	@Override
	public void close() {
		timer.shutdownNow();
	}

	/** One run's alarm. */
	final class Watch {
		private final Thread runner;
		private final Duration limit;
		private final ScheduledFuture<?> alarm;
		private boolean ended;
		private boolean expired;

		private Watch(Thread runner, Duration limit) {
			this.runner = runner;
			this.limit = limit;
			this.alarm = timer.schedule(this::expire, limit.toNanos(), TimeUnit.NANOSECONDS);
		}

		private synchronized void expire() {
			if (!ended) {
				expired = true;
				runner.interrupt();
			}
		}

		/**
		 * Ends the watch, on the run's thread: true when the run went past its budget, in which case the
		 * interrupt that abandoned it is cleared, so that the thread serves the next run normally.
		 */
		synchronized boolean end() {
			if (!ended) {
				ended = true;
				alarm.cancel(false);
				if (expired) {
					Thread.interrupted();
				}
			}
			return expired;
		}

		/** {@code ran past its time budget of 5.0 min and was abandoned}. */
		String overrun() {
			long millis = limit.toMillis();
			String shown = millis < 1_000 ? millis + " ms"
					: millis < 60_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1e3)
							: String.format(Locale.ROOT, "%.1f min", millis / 60e3);
			return "ran past its time budget of " + shown + " and was abandoned";
		}
	}
}
