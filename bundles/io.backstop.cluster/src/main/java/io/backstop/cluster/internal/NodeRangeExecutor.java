package io.backstop.cluster.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.SweepSpec;

/** The other members of the running node as a distributed sweep's workers; none while no node runs. */
final class NodeRangeExecutor implements RangeExecutor {

	private final Supplier<ClusterNode> node;

	NodeRangeExecutor(Supplier<ClusterNode> node) {
		this.node = node;
	}

	@Override
	public List<RangeWorker> workers(String sweepId, SweepSpec spec) {
		ClusterNode n = node.get();
		return n == null ? List.of() : n.workers(sweepId, spec);
	}

	@Override
	public String localName() {
		ClusterNode n = node.get();
		return n == null ? "" : n.address();
	}

	@Override
	public List<RangeWorker> newWorkers(String sweepId, SweepSpec spec, Set<String> present) {
		ClusterNode n = node.get();
		return n == null ? List.of() : n.workers(sweepId, spec, present);
	}
}
