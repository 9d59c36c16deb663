package io.backstop.sweep;

import java.util.List;
import java.util.Set;

/**
 * Whiteboard service (like {@code Stoppable}): evaluates ranges of a distributed sweep's
 * combinations elsewhere, for example on the other members of a cluster. A sweep started with
 * {@link SweepService#startDistributed(SweepSpec)} farms ranges to the workers every registered
 * executor gives, besides its own workers. It depends only on a sweep having
 * {@link SweepStatus#combosTotal()} combinations (those the strategy's constraints admit) indexed
 * {@code 0 .. total - 1}, numbered the same on every member.
 */
public interface RangeExecutor {

	/**
	 * Workers that can take ranges of this sweep now; empty when there are none.
	 *
	 * @param sweepId the sweep's id, unique per starting member
	 */
	List<RangeWorker> workers(String sweepId, SweepSpec spec);

	/**
	 * This JVM as its workers' names call the place they run (for example {@code 127.0.0.1:5701}),
	 * for the combinations a distributed sweep computes here; empty when it has no such name.
	 *
	 * @since 1.5
	 */
	default String localName() {
		return "";
	}

	/**
	 * Workers that came while the sweep runs (for example members that joined it): those whose
	 * {@link RangeWorker#name() names} are not in {@code present}. A distributed sweep asks a few
	 * times a second and gives them ranges like its first workers.
	 *
	 * @param present the names of every worker the sweep has had, failed ones included
	 * @since 1.5
	 */
	default List<RangeWorker> newWorkers(String sweepId, SweepSpec spec, Set<String> present) {
		return List.of();
	}
}
