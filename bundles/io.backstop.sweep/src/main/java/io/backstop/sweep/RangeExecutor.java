package io.backstop.sweep;

import java.util.List;

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
}
