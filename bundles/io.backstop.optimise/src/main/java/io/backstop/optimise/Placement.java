package io.backstop.optimise;

/**
 * Where a search's evaluations run. A search hands its algorithm's proposals over in batches of points
 * that do not depend on each other's scores and evaluates a batch's points at the same time; the
 * placement changes how fast, never what: the same spec and seed give the same evaluations, results
 * file and best wherever they run.
 *
 * @param workers threads evaluating points on this Backstop; 0 for one per processor
 * @param cluster points go to the other members of the cluster too (every registered
 *                {@link io.backstop.sweep.RangeExecutor}'s workers)
 * @since 1.4
 */
public record Placement(int workers, boolean cluster) {

	/** On this Backstop, one worker per processor. */
	public static final Placement LOCAL = new Placement(0, false);

	public Placement {
		if (workers < 0) {
			throw new IllegalArgumentException("workers must be 0 (one per processor) or more, not " + workers);
		}
	}

	/** The worker threads to use here: {@link #workers()}, or the available processors when 0. */
	public int effectiveWorkers() {
		return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
	}
}
