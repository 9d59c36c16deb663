package io.backstop.optimise.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Points drawn uniformly from those of the grid the strategy's constraints admit (by their number);
 * one drawn again is answered from memory, not evaluated again. Draws do not depend on scores, so they
 * are handed over in batches of the run's parallelism: the sequence of draws is the same for any batch
 * size.
 */
final class RandomSearch implements SearchAlgorithm {

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		SplittableRandom random = new SplittableRandom(seed);
		int batch = Math.max(1, evaluator.parallelism());
		while (true) {
			List<int[]> draws = new ArrayList<>(batch);
			for (int k = 0; k < batch; k++) {
				draws.add(space.pointAt(random.nextLong(space.size())));
			}
			evaluator.score(draws);
		}
	}
}
