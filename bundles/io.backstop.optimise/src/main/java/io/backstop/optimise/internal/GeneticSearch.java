package io.backstop.optimise.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.jenetics.DoubleChromosome;
import io.jenetics.DoubleGene;
import io.jenetics.GaussianMutator;
import io.jenetics.Phenotype;
import io.jenetics.Genotype;
import io.jenetics.TournamentSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Constraint;
import io.jenetics.engine.Engine;
import io.jenetics.engine.Evaluator;
import io.jenetics.util.ISeq;
import io.jenetics.util.RandomRegistry;
import io.jenetics.util.Seq;

/**
 * Jenetics' genetic algorithm. A genotype holds one gene in [0, 1) per parameter, read as the grid
 * index at that position of the parameter's values; tournament selection, uniform crossover and
 * Gaussian mutation. A genotype whose point the strategy's constraints refuse is replaced (Jenetics'
 * constraint repair) by one at an admitted point drawn uniformly, so every genotype evaluated is
 * admitted. The genotypes of a generation not yet scored go to the run as one batch (a Jenetics
 * {@link Evaluator} over the population, not a fitness function called from several threads), so the
 * run can backtest them in parallel; the engine itself runs on the calling thread with a random
 * generator seeded by the search's seed, so a seed always gives the same generations.
 */
final class GeneticSearch implements SearchAlgorithm {

	/** Points per generation: enough diversity for a handful of parameters, few evaluations per generation. */
	static final int POPULATION = 24;

	/** Fitness of refused parameters: below every objective, finite so Jenetics can order it. */
	private static final double REFUSED = -Double.MAX_VALUE;

	@Override
	public void search(SearchSpace space, long seed, PointEvaluator evaluator) {
		Engine<DoubleGene, Double> engine = new Engine.Builder<DoubleGene, Double>(
				population -> evaluate(space, population, evaluator),
				Genotype.of(DoubleChromosome.of(0, 1, space.dimensions())))
				.populationSize(POPULATION).maximizing().executor(Runnable::run)
				.selector(new TournamentSelector<>(3))
				.alterers(new UniformCrossover<>(0.3), new GaussianMutator<>(0.25))
				.constraint(Constraint.of(phenotype -> space.admits(point(space, phenotype.genotype())),
						(phenotype, generation) -> Phenotype.of(
								genotype(space, space.pointAt(RandomRegistry.random().nextLong(space.size()))), generation)))
				.build();
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

	/**
	 * Scores the phenotypes not yet scored as one batch, in population order, and answers as Jenetics'
	 * own fitness evaluator does: the population as it was when all need a score, else those that had
	 * one followed by those just scored. So a seed gives the generations the scalar fitness gave.
	 */
	private static ISeq<Phenotype<DoubleGene, Double>> evaluate(SearchSpace space,
			Seq<Phenotype<DoubleGene, Double>> population, PointEvaluator evaluator) {
		ISeq<Phenotype<DoubleGene, Double>> pending = population.stream().filter(p -> !p.isEvaluated())
				.collect(ISeq.toISeq());
		List<int[]> points = new ArrayList<>(pending.size());
		pending.forEach(p -> points.add(point(space, p.genotype())));
		double[] scores = pending.isEmpty() ? new double[0] : evaluator.score(points);
		List<Phenotype<DoubleGene, Double>> scored = new ArrayList<>(pending.size());
		for (int k = 0; k < scores.length; k++) {
			scored.add(pending.get(k).withFitness(Double.isNaN(scores[k]) ? REFUSED : scores[k]));
		}
		if (scored.size() == population.size()) {
			return ISeq.of(scored);
		}
		return population.stream().filter(Phenotype::isEvaluated).collect(ISeq.toISeq()).append(scored);
	}

	private static int[] point(SearchSpace space, Genotype<DoubleGene> genotype) {
		DoubleChromosome genes = genotype.chromosome().as(DoubleChromosome.class);
		int[] point = new int[space.dimensions()];
		for (int k = 0; k < point.length; k++) {
			point[k] = space.index(k, genes.get(k).doubleValue());
		}
		return point;
	}

	/** The genotype at the centre of a point's grid cell. */
	private static Genotype<DoubleGene> genotype(SearchSpace space, int[] point) {
		DoubleGene[] genes = new DoubleGene[point.length];
		for (int k = 0; k < point.length; k++) {
			genes[k] = DoubleGene.of(space.unit(k, point[k]), 0, 1);
		}
		return Genotype.of(DoubleChromosome.of(genes));
	}
}
