package io.backstop.cluster.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.backstop.cluster.Cluster;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;

/**
 * The emergency stop's {@code cluster.stop} step (order 100, with the steps that halt work): a stop
 * asked for on this member has been sent to every other member as its signal rose (or is sent now,
 * when it was not), and the ranges this member runs for other members' sweeps halt; {@link ClusterReportStep} collects the other members' reports
 * later in the stop, so that this member's work-halted time is its own. A stop another member asked
 * for only halts the ranges that run here and asks no one else.
 */
public final class ClusterStopStep implements Stoppable {

	/** How long a member waits for its own stop when another member asks for it. */
	static final long MEMBER_WAIT_MS = 4000;

	private final Supplier<ClusterNode> node;

	public ClusterStopStep(Supplier<ClusterNode> node) {
		this.node = node;
	}

	@Override
	public String id() {
		return Cluster.STOP_STEP_ID;
	}

	@Override
	public String label() {
		ClusterNode n = node.get();
		if (n == null) {
			return "Stop every cluster member (clustering is off)";
		}
		List<String> others = n.others().stream().map(ClusterNode::addressOf).toList();
		return others.isEmpty() ? "Stop every cluster member (none but this one)"
				: "Stop every cluster member: " + String.join(", ", others);
	}

	@Override
	public StepResult stop(StopContext context) throws Exception {
		ClusterNode n = node.get();
		if (n == null) {
			return StepResult.skipped("clustering is off");
		}
		long started = System.nanoTime();
		long deadline = deadlineNanos(context);
		boolean fromOtherMember = context.requestedBy().startsWith(ClusterNode.REQUESTED_BY_PREFIX);
		Map<String, Future<Messages.StopAnswer>> asked = fromOtherMember ? Map.of() : n.stopOthersUnlessAsked(context.reason());
		int running = n.rangesRunning();
		int stuck = n.haltRanges(deadline);
		int halted = running - stuck;
		if (asked.isEmpty() && running == 0) {
			return StepResult.skipped(fromOtherMember
					? "no range of another member's sweep ran here; asked by "
							+ context.requestedBy().substring(ClusterNode.REQUESTED_BY_PREFIX.length())
					: "no other member in the cluster");
		}
		StringBuilder detail = new StringBuilder();
		if (!asked.isEmpty()) {
			detail.append("asked ").append(asked.size()).append(" other member(s) to stop: ")
					.append(String.join(", ", asked.keySet()));
		}
		if (running > 0) {
			detail.append(detail.isEmpty() ? "" : "; ").append(halted).append(" range(s) of other members' sweeps halted here");
			if (halted > 0) {
				detail.append(String.format(Locale.ROOT, ", the last %.1f ms after this step began",
						Math.max(0, n.lastRangeEndNanos() - started) / 1e6));
			}
		}
		Map<String, Long> counters = new LinkedHashMap<>();
		counters.put("members.asked", (long) asked.size());
		counters.put("ranges.halted", (long) halted);
		List<String> cleaned = running > 0 ? List.of(n.address()) : List.of();
		StepResult result = stuck == 0 ? StepResult.cleaned(detail.toString(), 0, cleaned)
				: StepResult.partial(detail.toString(), 0, cleaned, stuck + " range(s) still running here");
		return result.withCounters(counters);
	}

	/** The step's deadline on the {@link System#nanoTime()} scale, less a margin to write the result. */
	static long deadlineNanos(StopContext context) {
		long leftMillis = context.deadline().toEpochMilli() - System.currentTimeMillis() - 100;
		return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, leftMillis));
	}
}
