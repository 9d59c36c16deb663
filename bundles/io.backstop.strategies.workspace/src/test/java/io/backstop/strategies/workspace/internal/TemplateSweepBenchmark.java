package io.backstop.strategies.workspace.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import javax.tools.ToolProvider;

import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * Throughput of the template strategy, compiled from the workspace as a user's would be, against
 * the built-in {@code sma_crossover} (the same rules), in the same process: each round evaluates
 * every combination of one grid the way a sweep does (runForFigures with one indicator cache per
 * sweep, on a pool of all cores), alternating which strategy goes first. Prints combinations per
 * second of each and their ratio per round, and the median ratio. Not part of the suite:
 * {@code java -cp ... io.backstop.strategies.workspace.internal.TemplateSweepBenchmark [bars] [rounds]}.
 */
public final class TemplateSweepBenchmark {

	private static final int WARMUP_ROUNDS = 3;

	public static void main(String[] args) throws Exception {
		int bars = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
		Path dir = Files.createTempDirectory("template-benchmark");
		Path file = dir.resolve("BenchCross.java");
		Files.writeString(file, StrategyNames.template("BenchCross"));
		StrategyCompiler compiler = new StrategyCompiler(ToolProvider.getSystemJavaCompiler(),
				StrategyCompilerTest.apiClassPath(), TemplateSweepBenchmark.class.getClassLoader(),
				new RunBudget(java.time.Duration.ofMinutes(5)));
		StrategyCompiler.Outcome compiled = compiler.compile(file, "BenchCross");
		if (compiled.strategy() == null) {
			throw new IllegalStateException("the template did not compile: " + compiled.problems());
		}
		Strategy template = compiled.strategy();
		Strategy builtIn = new SmaCrossoverStrategy();
		OhlcvSeries series = SyntheticSeries.generate(7, bars);
		List<Parameters> grid = grid();
		int workers = Runtime.getRuntime().availableProcessors();
		System.out.printf(Locale.ROOT, "%,d combinations on %,d bars, %d workers, %d warm-up + %d measured rounds%n",
				grid.size(), bars, workers, WARMUP_ROUNDS, rounds);
		ExecutorService pool = Executors.newFixedThreadPool(workers);
		try {
			double[] ratios = new double[rounds];
			for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
				boolean templateFirst = Math.floorMod(round, 2) == 0;
				double first = sweep(templateFirst ? template : builtIn, series, grid, pool, workers);
				double second = sweep(templateFirst ? builtIn : template, series, grid, pool, workers);
				double templateRate = templateFirst ? first : second;
				double builtInRate = templateFirst ? second : first;
				if (round >= 0) {
					ratios[round] = templateRate / builtInRate;
					System.out.printf(Locale.ROOT, "round %d: template %,.0f combos/s, sma_crossover %,.0f combos/s, ratio %.3f%n",
							round + 1, templateRate, builtInRate, ratios[round]);
				}
			}
			Arrays.sort(ratios);
			System.out.printf(Locale.ROOT, "median ratio template / sma_crossover: %.3f (min %.3f, max %.3f)%n",
					ratios[rounds / 2], ratios[0], ratios[rounds - 1]);
		} finally {
			pool.shutdownNow();
		}
	}

	/** fast 5..50 by 5, slow 60..200 by 20, stop 0 and 2: 160 combinations. */
	private static List<Parameters> grid() {
		List<Parameters> grid = new ArrayList<>();
		for (int fast = 5; fast <= 50; fast += 5) {
			for (int slow = 60; slow <= 200; slow += 20) {
				for (double stop : new double[] { 0, 2 }) {
					grid.add(Parameters.of("fast_period", fast, "slow_period", slow, "stop_loss_pct", stop));
				}
			}
		}
		return grid;
	}

	/** Combinations per second of one sweep of {@code grid}, with a cache of its own. */
	private static double sweep(Strategy strategy, OhlcvSeries series, List<Parameters> grid, ExecutorService pool,
			int workers) throws Exception {
		IndicatorCache cache = new MapCache();
		AtomicInteger next = new AtomicInteger();
		long start = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int w = 0; w < workers; w++) {
			running.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < grid.size(); i = next.getAndIncrement()) {
					strategy.runForFigures(series, grid.get(i), RunSettings.defaults(), CancellationToken.NONE, cache);
				}
			}));
		}
		for (Future<?> f : running) {
			f.get();
		}
		return grid.size() / ((System.nanoTime() - start) / 1e9);
	}

	/** An unbounded in-memory cache, as a sweep without the cache service keeps one. */
	private static final class MapCache implements IndicatorCache {
		private final ConcurrentHashMap<IndicatorKey, double[][]> values = new ConcurrentHashMap<>();

		@Override
		public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute) {
			return values.computeIfAbsent(key, k -> compute.get());
		}

		@Override
		public Optional<double[][]> getIfPresent(IndicatorKey key) {
			return Optional.ofNullable(values.get(key));
		}

		@Override
		public Stats stats() {
			return new Stats(values.size(), 0, 0, 0, 0, 0, 0, 0, 0, 0);
		}

		@Override
		public Released clearMemory() {
			int n = values.size();
			values.clear();
			return new Released(n, 0);
		}

		@Override
		public Released pruneDisk(boolean all) {
			return new Released(0, 0);
		}
	}
}
