package io.backstop.sweep.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * The emergency stop's {@code sweep.halt} step: halts every running sweep, waits for each worker
 * to acknowledge (until shortly before the step's deadline), and makes sure the partial results
 * are flushed and a checkpoint written.
 * <p>
 * What it reports: CLEANED when every sweep halted and saved its checkpoint; PARTIAL when some
 * workers were left behind (they ignored the stop: their stacks are in the error, their sweep's
 * checkpoint holds what was on disk) or a results or checkpoint file could not be written (its
 * path is in the error; the rows written before stay in the results file); FAILED when nothing
 * halted and nothing was saved; SKIPPED when no sweep was running.
 */
final class HaltStep {

	/** Time kept before the deadline for writing checkpoints of sweeps with stuck workers. */
	private static final Duration RESERVE = Duration.ofMillis(100);

	private HaltStep() {
	}

	/**
	 * @param running the sweeps running now and those the stop signal already halted (they may
	 *                have finished: their workers saw the signal before this step ran)
	 */
	static StepResult halt(List<SweepRun> running, StopContext context) {
		for (SweepRun run : running) {
			run.halt(SweepRun.HALT_STOP);
		}
		Instant waitUntil = context.deadline().minus(RESERVE);
		long stuck = 0;
		long combos = 0;
		long writesFailed = 0;
		boolean anyHaltedOrSaved = false;
		List<String> ids = new ArrayList<>();
		List<String> completedOnTheirOwn = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		List<String> stacks = new ArrayList<>();
		for (SweepRun run : running) {
			SweepStatus status;
			boolean abandoned = false;
			try {
				long wait = Math.max(0, Duration.between(Instant.now(), waitUntil).toNanos());
				status = run.completion().get(wait, TimeUnit.NANOSECONDS);
			} catch (TimeoutException e) {
				abandoned = true;
				List<String> left = run.workerStacks();
				stuck += left.size();
				stacks.addAll(left);
				run.interruptWorkers();
				problems.add(run.id() + ": " + left.size() + " worker" + (left.size() == 1 ? "" : "s")
						+ " ignored the stop and " + (left.size() == 1 ? "was" : "were") + " left running");
				try {
					run.writeCheckpoint(SweepState.STOPPED, false);
					anyHaltedOrSaved = true;
				} catch (IOException | RuntimeException io) {
					writesFailed++;
					problems.add(run.id() + ": cannot write the checkpoint " + run.status().checkpointFile() + ": "
							+ io.getMessage());
				}
				status = run.status();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				status = run.status();
				problems.add(run.id() + ": interrupted while waiting for its workers");
			} catch (ExecutionException e) {
				status = run.status();
				problems.add(run.id() + ": " + e.getCause());
			}
			if (!abandoned && status.state() == SweepState.COMPLETED) {
				completedOnTheirOwn.add(run.id());
				continue;
			}
			ids.add(run.id());
			combos += status.combosDone();
			if (!abandoned) {
				anyHaltedOrSaved = true;
				if (status.state() == SweepState.FAILED) {
					if (status.message().startsWith("cannot write")) {
						writesFailed++; // a results or checkpoint file: the message names it
					}
					problems.add(run.id() + ": " + status.message());
				}
			}
			context.progress(String.format("sweep %s halted: %,d of %,d combinations saved (%s)", run.id(),
					status.combosDone(), status.combosTotal(), status.checkpointFile().getFileName()));
		}
		if (ids.isEmpty()) {
			return StepResult.skipped(completedOnTheirOwn.isEmpty() ? "no sweep running"
					: "no sweep running (" + String.join(", ", completedOnTheirOwn) + " completed before the stop)");
		}
		String detail = String.format("halted %d sweep%s; %,d combinations completed and saved with checkpoints; %d worker%s stuck",
				ids.size(), ids.size() == 1 ? "" : "s", combos, stuck, stuck == 1 ? "" : "s");
		Map<String, Long> counters = Map.of("sweeps.halted", (long) ids.size(), "combos.completed", combos,
				"workers.stuck", stuck, "writes.failed", writesFailed);
		if (problems.isEmpty()) {
			return StepResult.cleaned(detail, 0, ids).withCounters(counters);
		}
		detail += " (" + String.join("; ", problems) + ")";
		StringBuilder error = new StringBuilder(String.join("; ", problems));
		for (String stack : stacks) {
			error.append('\n').append(stack);
		}
		StepStatus outcome = anyHaltedOrSaved ? StepStatus.PARTIAL : StepStatus.FAILED;
		return new StepResult(outcome, detail, ids, 0, counters, error.toString());
	}
}
