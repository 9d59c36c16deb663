package io.backstop.optimise.internal;

import java.util.SplittableRandom;

/**
 * Points drawn uniformly from those of the grid the strategy's constraints admit (by their number);
 * one drawn again is answered from memory, not evaluated again.
 */
final class RandomSearch implements SearchAlgorithm {

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		SplittableRandom random = new SplittableRandom(seed);
		while (true) {
			evaluator.score(space.pointAt(random.nextLong(space.size())));
		}
	}
}
