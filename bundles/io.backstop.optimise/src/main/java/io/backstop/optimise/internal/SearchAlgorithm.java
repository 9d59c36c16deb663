package io.backstop.optimise.internal;

import io.backstop.optimise.SearchMethod;

/**
 * Proposes points until its run ends it ({@link SearchEnded}) or it has nothing more to propose
 * (then it returns). Deterministic for a seed and the scores it is given: a resumed search replays
 * its evaluations through the same algorithm to reach the same state.
 */
interface SearchAlgorithm {

	void search(SearchSpace space, long seed, PointEvaluator evaluator);

	/** Proposals each algorithm makes when warmed up: several generations of each. */
	int WARM_UP_PROPOSALS = 400;

	/**
	 * Runs every algorithm briefly on {@code space} with a made-up score and no backtest, so that the
	 * libraries' classes are loaded and linked before a search runs. Without it the first generation
	 * of the first genetic or CMA-ES search of the process spends some 30 ms loading selection,
	 * crossover and eigendecomposition code, inside library calls that do not poll the stop.
	 */
	static void warmUp(SearchSpace space) {
		for (SearchMethod method : SearchMethod.values()) {
			int[] proposals = { 0 };
			try {
				of(method).search(space, 1, points -> {
					double[] scores = new double[points.size()];
					for (int p = 0; p < scores.length; p++) {
						if (++proposals[0] > WARM_UP_PROPOSALS) {
							throw new SearchEnded(io.backstop.optimise.SearchState.COMPLETED, "warmed up");
						}
						int[] point = points.get(p);
						for (int k = 0; k < point.length; k++) {
							scores[p] -= Math.abs(point[k] - space.size(k) / 2);
						}
					}
					return scores;
				});
			} catch (SearchEnded warmedUp) {
				// the expected end
			}
		}
	}

	static SearchAlgorithm of(SearchMethod method) {
		return switch (method) {
		case RANDOM -> new RandomSearch();
		case GENETIC -> new GeneticSearch();
		case CMAES -> new CmaesSearch();
		};
	}
}
