package io.backstop.optimise.internal;

import java.util.SplittableRandom;

/** Points drawn uniformly from the grid; one drawn again is answered from memory, not evaluated again. */
final class RandomSearch implements SearchAlgorithm {

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		SplittableRandom random = new SplittableRandom(seed);
		int[] point = new int[space.dimensions()];
		while (true) {
			for (int k = 0; k < point.length; k++) {
				point[k] = random.nextInt(space.size(k));
			}
			evaluator.score(point.clone());
		}
	}
}
