package io.backstop.optimise.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * <p>
 * The optimiser asks for one point at a time, but it draws a generation's {@code lambda} candidates
 * before it scores any of them (and a restart's first generation does not depend on its starting
 * point's score), so they can be backtested together. The search runs the optimiser from its seed
 * answering every point it was already given a score for from its transcript; at the first point
 * that needs a backtest it answers provisionally until the generation's candidates are all known,
 * abandons that run, has the batch scored, and runs the optimiser again from the seed. The
 * optimiser's own work is microseconds a generation; the backtests dominate. A point the run answers
 * without a backtest (refused, or asked before) is answered at once when no batch is pending, so
 * generations that ask only such points cost no new run.
 */
final class CmaesSearch implements SearchAlgorithm {

	/** Score of refused parameters: far below every objective, yet finite for CMA-ES's arithmetic. */
	private static final double REFUSED = -1e100;

	/** Initial step size on the unit cube: a third of each parameter's range. */
	private static final double SIGMA = 0.3;

	/** Generations one restart may run at most. */
	private static final int MAX_GENERATIONS = 1000;

	/** Ends a run of the optimiser once a batch is collected; carries no stack. */
	private static final class BatchCollected extends RuntimeException {
		private static final long serialVersionUID = 1L;

		BatchCollected() {
			super("batch collected", null, false, false);
		}
	}

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		List<int[]> askedPoints = new ArrayList<>();
		List<Double> answers = new ArrayList<>();
		List<Long> restartStarts = new ArrayList<>();
		while (true) {
			List<int[]> batch = new ArrayList<>();
			try {
				optimise(space, seed, evaluator, askedPoints, answers, restartStarts, batch);
			} catch (BatchCollected collected) {
				double[] scores = evaluator.score(batch);
				for (int k = 0; k < scores.length; k++) {
					askedPoints.add(batch.get(k));
					answers.add(Double.isNaN(scores[k]) ? REFUSED : scores[k]);
				}
			}
		}
	}

	/**
	 * One run of the restarts from the seed: points with an answer in the transcript get it, and from the
	 * first that needs a backtest, the rest of its generation is collected into {@code batch}. Restarts do
	 * not depend on each other but through the seed's sequence and the population, so a run begins at the
	 * last restart begun ({@code restartStarts}: the transcript's length when each began), not at the first.
	 */
	private static void optimise(SearchSpace space, long seed, PointEvaluator evaluator, List<int[]> askedPoints,
			List<Double> answers, List<Long> restartStarts, List<int[]> batch) {
		int d = space.dimensions();
		SplittableRandom seeds = new SplittableRandom(seed);
		int[] population = { 4 + (int) Math.floor(3 * Math.log(d)) };
		int restart = Math.max(0, restartStarts.size() - 1);
		for (int r = 0; r < restart; r++) {
			// each restart draws its start and its optimiser's seed, as below
			seeds.nextLong(space.size());
			seeds.nextLong();
			population[0] = Math.min(population[0] * 2, 4096);
		}
		double[] lower = new double[d];
		double[] upper = new double[d];
		Arrays.fill(upper, 1);
		double[] sigma = new double[d];
		Arrays.fill(sigma, SIGMA);
		// calls: every point asked in this run; inRestart: those of the current restart (its start first)
		long[] calls = { restartStarts.isEmpty() ? 0 : restartStarts.get(restart) };
		int[] inRestart = { 0 };
		long[] batchEnd = { -1 };
		ObjectiveFunction function = new ObjectiveFunction(x -> {
			int[] point = new int[d];
			for (int k = 0; k < d; k++) {
				point[k] = space.index(k, x[k]);
			}
			long call = calls[0]++;
			int j = inRestart[0]++;
			if (call < answers.size()) {
				evaluator.poll();
				if (!Arrays.equals(askedPoints.get((int) call), point)) {
					throw new IllegalStateException("CMA-ES asked " + Arrays.toString(point) + " where its run from the seed asked "
							+ Arrays.toString(askedPoints.get((int) call)));
				}
				return answers.get((int) call);
			}
			if (call == batchEnd[0]) {
				throw new BatchCollected();
			}
			if (batch.isEmpty()) {
				if (evaluator.knows(point)) {
					double score = evaluator.score(point);
					askedPoints.add(point);
					answers.add(Double.isNaN(score) ? REFUSED : score);
					return answers.get((int) call);
				}
				// the restart's start (j = 0) and each generation of lambda after it: a batch ends with its generation
				int lambda = population[0];
				batchEnd[0] = call - j + 1 + (long) lambda * ((Math.max(j, 1) - 1) / lambda + 1);
			}
			batch.add(point);
			return 0;
		});
		for (;; restart++) {
			if (restart == restartStarts.size()) {
				restartStarts.add(calls[0]);
			}
			int[] from = space.pointAt(seeds.nextLong(space.size()));
			double[] start = new double[d];
			for (int k = 0; k < d; k++) {
				start[k] = space.unit(k, from[k]);
			}
			CMAESOptimizer optimizer = new CMAESOptimizer(MAX_GENERATIONS, 0, true, 0, 0,
					new MersenneTwister(seeds.nextLong()), false, null);
			inRestart[0] = 0;
			try {
				optimizer.optimize(new MaxEval(Integer.MAX_VALUE), function, GoalType.MAXIMIZE, new InitialGuess(start),
						new SimpleBounds(lower, upper), new CMAESOptimizer.Sigma(sigma),
						new CMAESOptimizer.PopulationSize(population[0]));
			} catch (TooManyEvaluationsException e) {
				// this restart used its share; the next one starts afresh
			}
			population[0] = Math.min(population[0] * 2, 4096);
		}
	}
}
