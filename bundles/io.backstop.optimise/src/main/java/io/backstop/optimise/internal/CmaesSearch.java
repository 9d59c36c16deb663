package io.backstop.optimise.internal;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.CMAESOptimizer;
import org.apache.commons.math3.random.MersenneTwister;

/**
 * Commons Math's CMA-ES (Hansen) on the unit cube, one coordinate per parameter read as the grid
 * index at that position of its values. The grid makes the objective flat between grid points, so
 * CMA-ES converges quickly; each time it does, it restarts from a new random point with twice the
 * population (IPOP-CMA-ES, Auger and Hansen 2005) until its run ends it. A point the strategy's
 * constraints refuse scores far below every objective without a backtest (a death penalty), and each
 * restart starts from an admitted point.
 */
final class CmaesSearch implements SearchAlgorithm {

	/** Score of refused parameters: far below every objective, yet finite for CMA-ES's arithmetic. */
	private static final double REFUSED = -1e100;

	/** Initial step size on the unit cube: a third of each parameter's range. */
	private static final double SIGMA = 0.3;

	/** Generations one restart may run at most. */
	private static final int MAX_GENERATIONS = 1000;

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		int d = space.dimensions();
		SplittableRandom seeds = new SplittableRandom(seed);
		int population = 4 + (int) Math.floor(3 * Math.log(d));
		double[] lower = new double[d];
		double[] upper = new double[d];
		Arrays.fill(upper, 1);
		double[] sigma = new double[d];
		Arrays.fill(sigma, SIGMA);
		ObjectiveFunction function = new ObjectiveFunction(x -> {
			int[] point = new int[d];
			for (int k = 0; k < d; k++) {
				point[k] = space.index(k, x[k]);
			}
			double score = evaluator.score(point);
			return Double.isNaN(score) ? REFUSED : score;
		});
		while (true) {
			int[] from = space.pointAt(seeds.nextLong(space.size()));
			double[] start = new double[d];
			for (int k = 0; k < d; k++) {
				start[k] = space.unit(k, from[k]);
			}
			CMAESOptimizer optimizer = new CMAESOptimizer(MAX_GENERATIONS, 0, true, 0, 0,
					new MersenneTwister(seeds.nextLong()), false, null);
			try {
				optimizer.optimize(new MaxEval(Integer.MAX_VALUE), function, GoalType.MAXIMIZE, new InitialGuess(start),
						new SimpleBounds(lower, upper), new CMAESOptimizer.Sigma(sigma),
						new CMAESOptimizer.PopulationSize(population));
			} catch (TooManyEvaluationsException e) {
				// this restart used its share; the next one starts afresh
			}
			population = Math.min(population * 2, 4096);
		}
	}
}
