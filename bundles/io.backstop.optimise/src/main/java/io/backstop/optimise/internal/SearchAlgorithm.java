package io.backstop.optimise.internal;

import io.backstop.optimise.SearchMethod;

/**
 * Proposes points until its run ends it ({@link SearchEnded}) or it has nothing more to propose
 * (then it returns). Deterministic for a seed and the scores it is given: a resumed search replays
 * its evaluations through the same algorithm to reach the same state.
 */
interface SearchAlgorithm {

	void search(SearchSpace space, long seed, PointEvaluator evaluator);

	static SearchAlgorithm of(SearchMethod method) {
		return switch (method) {
		case RANDOM -> new RandomSearch();
		case GENETIC -> new GeneticSearch();
		case CMAES -> new CmaesSearch();
		};
	}
}
