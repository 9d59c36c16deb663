package io.backstop.cluster.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import io.backstop.cluster.Cluster;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;

/**
 * The emergency stop's {@code cluster.report} step (order 550, after this member's own clean-up):
 * the reports of the members {@link ClusterStopStep} asked to stop, as the report's cluster section,
 * a line per member in its components (its steps and their statuses, RAM and heap freed, resident
 * memory, when its work halted); the members that did not answer before the deadline are named in
 * its detail, and make it PARTIAL.
 */
public final class ClusterReportStep implements Stoppable {

	private final Supplier<ClusterNode> node;

	public ClusterReportStep(Supplier<ClusterNode> node) {
		this.node = node;
	}

	@Override
	public String id() {
		return Cluster.REPORT_STEP_ID;
	}

	@Override
	public String label() {
		return "Report every cluster member's stop";
	}

	@Override
	public StepResult stop(StopContext context) throws Exception {
		ClusterNode n = node.get();
		if (n == null) {
			return StepResult.skipped("clustering is off");
		}
		Map<String, Future<Messages.StopAnswer>> asked = n.takeStopAnswers();
		if (asked.isEmpty()) {
			return StepResult.skipped(context.requestedBy().startsWith(ClusterNode.REQUESTED_BY_PREFIX)
					? "the stop came from another member, which reports it" : "no other member was asked to stop");
		}
		long deadline = ClusterStopStep.deadlineNanos(context);
		while (System.nanoTime() < deadline && !asked.values().stream().allMatch(Future::isDone)) {
			// polled: the engine's own timed wait overshoots by up to a tenth of a second
			Thread.sleep(1);
		}
		List<String> lines = new ArrayList<>();
		List<String> silent = new ArrayList<>();
		long lastHaltEpochNanos = 0;
		for (Map.Entry<String, Future<Messages.StopAnswer>> e : asked.entrySet()) {
			Messages.StopAnswer answer = e.getValue().isDone() ? answerOf(e.getValue()) : null;
			if (answer == null) {
				silent.add(e.getKey());
			} else {
				lines.add(describe(answer));
				lastHaltEpochNanos = Math.max(lastHaltEpochNanos, answer.workHaltedEpochNanos);
			}
		}
		String detail = (asked.size() - silent.size()) + " of " + asked.size() + " other member(s) stopped"
				+ (silent.isEmpty() ? "" : "; no answer before the deadline from " + String.join(", ", silent));
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("members.stopped", (long) (asked.size() - silent.size()));
		counters.put("members.silent", (long) silent.size());
		if (lastHaltEpochNanos > 0) {
			counters.put("members.last.work.halted.epoch.ns", lastHaltEpochNanos);
		}
		StepResult result = silent.isEmpty() ? StepResult.cleaned(detail, 0, lines)
				: StepResult.partial(detail, 0, lines, silent.size() + " member(s) did not answer in time");
		return result.withCounters(counters);
	}

	/** The answer of a call that ended, or null when it failed (the member left or its stop failed). */
	private static Messages.StopAnswer answerOf(Future<Messages.StopAnswer> call) {
		try {
			return call.get();
		} catch (Exception failed) {
			return null;
		}
	}

	/** "127.0.0.1:5702: sweep.halt CLEANED, memory.gc CLEANED; RAM freed 12.4 MB, heap freed 30.1 MB, RAM 512.0 MB". */
	private static String describe(Messages.StopAnswer a) {
		if (!a.note.isEmpty()) {
			return a.address + ": " + a.note;
		}
		String halted = a.workHaltedEpochNanos == 0 ? ""
				: ", work halted at " + Instant.ofEpochSecond(0, a.workHaltedEpochNanos);
		return a.address + ": " + a.steps + "; RAM freed " + mb(a.ramFreedBytes) + ", heap freed " + mb(a.heapFreedBytes)
				+ ", RAM " + mb(a.currentRamBytes) + halted;
	}

	private static String mb(long bytes) {
		return String.format(Locale.ROOT, "%,.1f MB", bytes / 1e6);
	}
}
