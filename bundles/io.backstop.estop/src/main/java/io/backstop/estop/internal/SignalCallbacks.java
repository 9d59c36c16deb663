package io.backstop.estop.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;

/**
 * Runs the stop signal's callbacks (work blocked in I/O closing its connection, interrupting its
 * thread) on pre-started threads, each isolated: whatever one throws, an Error included, is
 * recorded and the others still run. The stop waits for them at most a fixed time; one that
 * blocks keeps its thread, not the stop.
 */
final class SignalCallbacks implements AutoCloseable {

	static final String ID = "estop.callbacks";
	/** Marks a callback that returned; compared by identity, so no message can be mistaken for it. */
	private static final String RETURNED = new String("returned");
	private static final int THREADS = 4;

	private final ExecutorService threads = DaemonThreads.prestarted("estop-callback", THREADS, THREADS,
			new LinkedBlockingQueue<>());

	/** What the callbacks did: the failures, as "ExceptionType: message", and how many did not return in time. */
	record Outcome(int total, List<String> failures, int overran, Instant started, Instant ended) {

		/** A report line for the stop when something went wrong, else null. */
		StepReport asStepReport(String bundle) {
			if (failures.isEmpty() && overran == 0) {
				return null;
			}
			int returned = total - failures.size() - overran;
			StringBuilder error = new StringBuilder();
			if (!failures.isEmpty()) {
				error.append(failures.size()).append(" of ").append(total).append(" threw: ")
						.append(String.join("; ", failures));
			}
			if (overran > 0) {
				error.append(error.isEmpty() ? "" : "; ").append(overran).append(" of ").append(total)
						.append(" did not return in time and were left running");
			}
			String detail = returned + " of " + total + " callbacks returned";
			StepStatus status = returned > 0 ? StepStatus.PARTIAL : StepStatus.FAILED;
			StepResult result = new StepResult(status, detail, List.of(), 0, Map.of(), error.toString());
			return new StepReport(ID, "Call back work blocked in I/O", 0, bundle, started,
					Duration.between(started, ended).toMillis(), result);
		}
	}

	/** Runs every callback, waiting for them together at most {@code bound}. */
	Outcome run(List<Runnable> callbacks, Duration bound) {
		return start(callbacks).await(bound);
	}

	/**
	 * Hands every callback to the callback threads and returns at once: the stop's request starts
	 * them as the signal rises, and its coordinator thread waits for them.
	 */
	Started start(List<Runnable> callbacks) {
		Started started = new Started(callbacks.size());
		for (int i = 0; i < callbacks.size(); i++) {
			int index = i;
			Runnable callback = callbacks.get(i);
			try {
				threads.execute(() -> {
					try {
						callback.run();
						started.outcomes.set(index, RETURNED);
					} catch (Throwable e) {
						started.outcomes.set(index, describe(e));
					} finally {
						started.done.countDown();
					}
				});
			} catch (RejectedExecutionException | OutOfMemoryError e) {
				started.outcomes.set(index, "not run: " + describe(e));
				started.done.countDown();
			}
		}
		return started;
	}

	/** Callbacks handed to the callback threads, not yet waited for. */
	static final class Started {
		private final Instant started = Instant.now();
		/** Per callback: null while it runs, RETURNED, or what it threw. */
		private final AtomicReferenceArray<String> outcomes;
		private final CountDownLatch done;

		private Started(int count) {
			outcomes = new AtomicReferenceArray<>(count);
			done = new CountDownLatch(count);
		}

		/** Waits for the callbacks together at most {@code bound} after they were started. */
		Outcome await(Duration bound) {
			int total = outcomes.length();
			if (total == 0) {
				return new Outcome(0, List.of(), 0, started, started);
			}
			boolean interrupted = false;
			try {
				long left = bound.minus(Duration.between(started, Instant.now())).toNanos();
				done.await(Math.max(0, left), TimeUnit.NANOSECONDS);
			} catch (InterruptedException e) {
				interrupted = true;
			}
			Instant ended = Instant.now();
			List<String> failures = new ArrayList<>();
			int overran = 0;
			for (int i = 0; i < total; i++) {
				String outcome = outcomes.get(i);
				if (outcome == null) {
					overran++;
				} else if (outcome != RETURNED) {
					failures.add(outcome);
				}
			}
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
			return new Outcome(total, failures, overran, started, ended);
		}
	}

	private static String describe(Throwable e) {
		return e.getMessage() == null ? e.getClass().getSimpleName()
				: e.getClass().getSimpleName() + ": " + e.getMessage();
	}

	@Override
	public void close() {
		threads.shutdownNow();
	}
}
