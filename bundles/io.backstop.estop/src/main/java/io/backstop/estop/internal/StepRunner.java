package io.backstop.estop.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;

/**
 * Runs the steps of one order band in parallel, each on its own thread with its own deadline.
 * A step that overruns is interrupted and abandoned: its thread is a daemon so a step that
 * ignores interruption can never hold the stop or the JVM. The threads are started with the
 * coordinator; more are made only while abandoned steps still hold the first ones.
 */
final class StepRunner implements AutoCloseable {

	/** Called when a step starts, reports progress, and finishes. */
	interface Listener {

		Listener NONE = new Listener() {
			@Override
			public void started(RegisteredStep step) {
			}

			@Override
			public void progress(RegisteredStep step, String message) {
			}

			@Override
			public void finished(StepReport report) {
			}
		};
		void started(RegisteredStep step);

		void progress(RegisteredStep step, String message);

		void finished(StepReport report);
	}

	/** Enough for the widest band in the product; a stop with more parallel steps makes the rest. */
	private static final int PRESTARTED = 8;
	private static final int MAXIMUM = 64;

	private final ExecutorService threads = DaemonThreads.prestarted("estop-step", PRESTARTED, MAXIMUM,
			new SynchronousQueue<>());

	List<StepReport> runBand(List<RegisteredStep> band, StopRequest request, Listener listener) {
		List<Running> running = new ArrayList<>();
		for (RegisteredStep step : band) {
			listener.started(step);
			Instant started = Instant.now();
			Instant deadline = started.plusMillis(step.timeoutMillis());
			StopContext context = StopContext.of(request, deadline, message -> listener.progress(step, message));
			running.add(new Running(step, started, deadline, submit(step, context)));
		}
		List<StepReport> reports = new ArrayList<>();
		for (Running each : running) {
			StepReport report = await(each);
			listener.finished(report);
			reports.add(report);
		}
		return reports;
	}

	private Future<StepResult> submit(RegisteredStep step, StopContext context) {
		try {
			return threads.submit(() -> step.stoppable().stop(context));
		} catch (RejectedExecutionException e) {
			return CompletableFuture.failedFuture(new IllegalStateException("no thread left to run the step: "
					+ MAXIMUM + " are held by steps abandoned in earlier stops", e));
		}
	}

	private static StepReport await(Running running) {
		StepResult result;
		try {
			long waitNanos = Math.max(0, Duration.between(Instant.now(), running.deadline()).toNanos());
			StepResult returned = running.future().get(waitNanos, TimeUnit.NANOSECONDS);
			result = returned != null ? returned
					: StepResult.failed(new IllegalStateException("step returned no result"));
		} catch (TimeoutException e) {
			running.future().cancel(true);
			result = StepResult.timedOut(running.step().timeoutMillis());
		} catch (ExecutionException e) {
			result = StepResult.failed(e.getCause());
		} catch (InterruptedException e) {
			running.future().cancel(true);
			Thread.currentThread().interrupt();
			result = StepResult.failed(e);
		}
		long millis = Duration.between(running.started(), Instant.now()).toMillis();
		RegisteredStep step = running.step();
		return new StepReport(step.stoppable().id(), step.stoppable().label(), step.order(), step.bundle(),
				running.started(), millis, result);
	}

	@Override
	public void close() {
		threads.shutdownNow();
	}

	private record Running(RegisteredStep step, Instant started, Instant deadline, Future<StepResult> future) {
	}
}
