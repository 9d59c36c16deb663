package io.backstop.optimise.internal;

import java.util.List;

/**
 * What a search algorithm asks of its run: the scores of grid points. An algorithm hands over at once
 * the points whose choice does not depend on each other's scores (a batch); the run evaluates a batch's
 * new points in parallel and then records them in the order given, exactly as if they had been asked
 * one after the other.
 */
interface PointEvaluator {

	/**
	 * The scores of points, in order: each its objective, negated when the objective is minimised, so
	 * higher is always better; NaN when the strategy refused the parameters: a point its constraints
	 * refuse is answered so without a backtest and costs no evaluation. A point asked again, in this
	 * batch or before, is answered from memory.
	 *
	 * @throws SearchEnded when the search must end (budget, patience, exhausted space, cancel, stop) at one
	 *                     of the points: those before it are recorded, it and those after it are not.
	 *                     Algorithms let it pass
	 */
	double[] score(List<int[]> points);

	/** The score of one point, as a batch of one. */
	default double score(int[] point) {
		return score(List.of(point))[0];
	}

	/** Points the run can evaluate at the same time: a batch of this many keeps every worker busy. */
	default int parallelism() {
		return 1;
	}

	/**
	 * Ends the search now if it was asked to end (cancel, the stop): for an algorithm's own work between
	 * batches that may take milliseconds (CMA-ES replaying its generations), which no backtest polls.
	 *
	 * @throws SearchEnded when the search must end
	 */
	default void poll() {
	}

	/** Whether {@link #score(int[])} answers this point without a backtest (refused, or asked before). */
	default boolean knows(int[] point) {
		return false;
	}
}
