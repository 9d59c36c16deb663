package io.backstop.optimise.internal;

import java.util.Random;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.GaussianMutator;
import io.jenetics.Genotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.util.RandomRegistry;

/**
 * Jenetics' genetic algorithm. A genotype holds one gene in [0, 1) per parameter, read as the grid
 * index at that position of the parameter's values; tournament selection, uniform crossover and
 * Gaussian mutation. Evaluations run on the calling thread with a random generator seeded by the
 * search's seed, so a seed always gives the same generations.
 */
final class GeneticSearch implements SearchAlgorithm {

	/** Points per generation: enough diversity for a handful of parameters, few evaluations per generation. */
	static final int POPULATION = 24;

	/** Fitness of refused parameters: below every objective, finite so Jenetics can order it. */
	private static final double REFUSED = -Double.MAX_VALUE;

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		Engine<DoubleGene, Double> engine = Engine
				.builder((Genotype<DoubleGene> genotype) -> fitness(space, genotype, evaluator),
						Genotype.of(DoubleChromosome.of(0, 1, space.dimensions())))
				.populationSize(POPULATION).maximizing().executor(Runnable::run)
				.selector(new TournamentSelector<>(3))
				.alterers(new UniformCrossover<>(0.3), new GaussianMutator<>(0.25)).build();
		try {
			RandomRegistry.with(new Random(seed), random -> {
				engine.stream().forEach(generation -> {
				});
				return null;
			});
		} catch (RuntimeException e) {
			SearchEnded ended = SearchEnded.in(e);
			throw ended != null ? ended : e;
		}
	}

	private static double fitness(SearchSpace space, Genotype<DoubleGene> genotype, PointEvaluator evaluator) {
		DoubleChromosome genes = genotype.chromosome().as(DoubleChromosome.class);
		int[] point = new int[space.dimensions()];
		for (int k = 0; k < point.length; k++) {
			point[k] = space.index(k, genes.get(k).doubleValue());
		}
		double score = evaluator.score(point);
		return Double.isNaN(score) ? REFUSED : score;
	}
}
