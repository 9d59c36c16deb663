package io.backstop.optimise.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Points drawn uniformly from those of the grid the strategy's constraints admit (by their number);
 * one drawn again is answered from memory, not evaluated again. Draws do not depend on scores, so they
 * are handed over in batches: the sequence of draws is the same for any batch size. A batch holds
 * {@value #DRAWS_PER_WORKER} draws per worker, so that a worker that finishes early takes another point
 * rather than wait for the slowest of the batch (draws past the budget are not evaluated).
 */
final class RandomSearch implements SearchAlgorithm {

	static final int DRAWS_PER_WORKER = 4;

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		SplittableRandom random = new SplittableRandom(seed);
		int batch = DRAWS_PER_WORKER * Math.max(1, evaluator.parallelism());
		while (true) {
			List<int[]> draws = new ArrayList<>(batch);
			for (int k = 0; k < batch; k++) {
				draws.add(space.pointAt(random.nextLong(space.size())));
			}
			evaluator.score(draws);
		}
	}
}
