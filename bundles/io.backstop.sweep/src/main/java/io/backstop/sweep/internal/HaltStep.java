package io.backstop.sweep.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * The emergency stop's {@code sweep.halt} step: halts every running sweep, waits for each worker
 * to acknowledge (until shortly before the step's deadline), and makes sure the partial results
 * are flushed and a checkpoint written. Workers that did not acknowledge are reported as stuck
 * and interrupted; their sweep's checkpoint then holds what was on disk.
 */
final class HaltStep {

	/** Time kept before the deadline for writing checkpoints of sweeps with stuck workers. */
	private static final Duration RESERVE = Duration.ofMillis(100);

	private HaltStep() {
	}

	static StepResult halt(List<SweepRun> running, StopContext context) {
		if (running.isEmpty()) {
			return StepResult.skipped("no sweep running");
		}
		for (SweepRun run : running) {
			run.halt(SweepRun.HALT_STOP);
		}
		Instant waitUntil = context.deadline().minus(RESERVE);
		long stuck = 0;
		long combos = 0;
		List<String> ids = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		for (SweepRun run : running) {
			ids.add(run.id());
			SweepStatus status;
			try {
				long wait = Math.max(0, Duration.between(Instant.now(), waitUntil).toNanos());
				status = run.completion().get(wait, TimeUnit.NANOSECONDS);
			} catch (TimeoutException e) {
				int live = run.liveWorkers();
				stuck += live;
				run.interruptWorkers();
				try {
					run.writeCheckpoint(SweepState.STOPPED, false);
				} catch (java.io.IOException io) {
					problems.add(run.id() + ": " + io.getMessage());
				}
				status = run.status();
				problems.add(run.id() + ": " + live + " worker(s) did not stop in time");
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				status = run.status();
				problems.add(run.id() + ": interrupted while waiting for its workers");
			} catch (java.util.concurrent.ExecutionException e) {
				status = run.status();
				problems.add(run.id() + ": " + e.getCause());
			}
			combos += status.combosDone();
			context.progress(String.format("sweep %s halted: %,d of %,d combinations saved (%s)", run.id(),
					status.combosDone(), status.combosTotal(), status.checkpointFile().getFileName()));
		}
		String detail = String.format("halted %d sweep%s; %,d combinations completed and saved with checkpoints; %d worker%s stuck",
				running.size(), running.size() == 1 ? "" : "s", combos, stuck, stuck == 1 ? "" : "s");
		if (!problems.isEmpty()) {
			detail += " (" + String.join("; ", problems) + ")";
		}
		return StepResult.cleaned(detail, 0, ids).withCounters(
				Map.of("sweeps.halted", (long) running.size(), "combos.completed", combos, "workers.stuck", stuck));
	}
}
