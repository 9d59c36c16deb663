package io.backstop.optimise.internal;

/** What a search algorithm asks of its run: the score of a grid point. */
interface PointEvaluator {

	/**
	 * The score of a point: its objective, negated when the objective is minimised, so higher is always
	 * better; NaN when the strategy refused the parameters: a point its constraints refuse is answered so without a
	 * backtest and costs no evaluation. A point asked again is answered from memory.
	 *
	 * @throws SearchEnded when the search must end (budget, patience, exhausted space, cancel, stop):
	 *                     algorithms let it pass
	 */
	double score(int[] point);
}
