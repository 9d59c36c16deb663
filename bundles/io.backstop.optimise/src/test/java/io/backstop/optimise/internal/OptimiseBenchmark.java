package io.backstop.optimise.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchStatus;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepMetrics;

/**
 * Genetic and CMA-ES searches against the exhaustive grid on the BTC/USDT sample, for a strategy of
 * four parameters: the grid's best profit factor (every point evaluated), then each search with a tenth
 * of the grid's evaluations as budget, for several seeds: the best it reached and after how many
 * evaluations it came within 1 % of the grid's best. The objective is the profit factor because with the
 * default costs no combination of this grid has a positive Sharpe ratio: the best Sharpe is 0, the
 * 324 combinations that never trade, which any search finds at once. Not part of the build's tests;
 * {@code bench.sh} runs it.
 */
public final class OptimiseBenchmark {

	private OptimiseBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		List<ParameterRange> ranges = List.of(ParameterRange.range("bb_period", 10, 60, 2),
				ParameterRange.range("bb_std", 1, 3.5, 0.25), ParameterRange.range("atr_period", 5, 30, 5),
				ParameterRange.range("atr_k", 1, 5, 0.5));
		Path dir = Files.createTempDirectory("optimise-bench");
		if (args.length > 0 && args[0].equals("--throughput")) {
			throughput(sample, ranges, dir, args.length > 1 ? Integer.parseInt(args[1]) : 1_544);
			return;
		}
		if (args.length > 0 && args[0].equals("--stops")) {
			stopLatency(sample, ranges, dir, args.length > 1 ? Integer.parseInt(args[1]) : 60);
			return;
		}
		int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		SearchSpec grid = new SearchSpec("bollinger_atr", sample, ranges, RunSettings.defaults(),
				Objective.maximize(SweepMetrics.PROFIT_FACTOR), SearchMethod.RANDOM, SearchSpec.MAX_BUDGET, 1, 0);
		long start = System.nanoTime();
		SearchStatus all = optimiser.start(grid).completion().get(2, TimeUnit.HOURS);
		double seconds = (System.nanoTime() - start) / 1e9;
		double best = all.best().objective();
		System.out.printf("bollinger_atr on %s (%,d bars), 4 parameters, maximise the profit factor%n", sample.name(),
				sample.size());
		System.out.printf("grid: %,d points, every one evaluated in %.0f s: best profit factor %.4f at %s%n", all.evaluations(),
				seconds, best, all.best().parameters());
		int budget = (int) (all.spaceSize() / 10);
		double target = best > 0 ? best * 0.99 : best * 1.01;
		System.out.printf("searches: budget %,d evaluations (a tenth of the grid); within 1 %% means a profit factor >= %.4f%n",
				budget, target);
		for (SearchMethod method : List.of(SearchMethod.GENETIC, SearchMethod.CMAES, SearchMethod.RANDOM)) {
			int reached = 0;
			for (long seed = 1; seed <= seeds; seed++) {
				SearchHandle h = optimiser.start(new SearchSpec("bollinger_atr", sample, ranges, RunSettings.defaults(),
						Objective.maximize(SweepMetrics.PROFIT_FACTOR), method, budget, seed, 0));
				SearchStatus s = h.completion().get(1, TimeUnit.HOURS);
				double[] curve = h.bestSoFar();
				int within = -1;
				for (int i = 0; i < curve.length; i++) {
					if (curve[i] >= target) {
						within = i + 1;
						break;
					}
				}
				if (within > 0) {
					reached++;
				}
				System.out.printf("%-8s seed %d: best %.4f (%.2f %% of the grid's) after %,d evaluations; within 1 %% %s%n",
						method.label(), seed, s.best().objective(), 100 * s.best().objective() / best, s.evaluations(),
						within > 0 ? String.format("after %,d evaluations (%.1f %% of the grid)", within, 100.0 * within / all.evaluations())
								: "not reached");
			}
			System.out.printf("%-8s reached the grid's best within 1 %% in %d of %d seeds%n", method.label(), reached, seeds);
		}
		stopLatency(sample, ranges, dir, 60);
	}

	/**
	 * Evaluations per second of each method with one point at a time (one worker) and with a batch's
	 * points in parallel (one worker per processor), the same spec and seed, in alternating rounds so that
	 * both see about the same load; the two results files must be identical. Prints the median of the
	 * rounds' ratios.
	 */
	private static void throughput(OhlcvSeries sample, List<ParameterRange> ranges, Path dir, int budget) throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir.resolve("throughput"), new Fixtures.TestSignal());
		SearchAlgorithm.warmUp(SearchSpace.of(Fixtures.builtIns().get("bollinger_atr"), List.of()));
		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf("throughput: bollinger_atr on %s (%,d bars), budget %,d, seed 1, %d processors%n", sample.name(),
				sample.size(), budget, cores);
		for (SearchMethod method : List.of(SearchMethod.RANDOM, SearchMethod.GENETIC, SearchMethod.CMAES)) {
			SearchSpec spec = new SearchSpec("bollinger_atr", sample, ranges, RunSettings.defaults(),
					Objective.maximize(SweepMetrics.PROFIT_FACTOR), method, budget, 1, 0);
			int rounds = 3;
			double[] ratios = new double[rounds];
			for (int round = 0; round < rounds; round++) {
				double[] rates = new double[2];
				SearchStatus[] ends = new SearchStatus[2];
				for (int p = 0; p < 2; p++) {
					long start = System.nanoTime();
					ends[p] = optimiser.start(spec, new Placement(p == 0 ? 1 : 0, false)).completion().get(1, TimeUnit.HOURS);
					rates[p] = ends[p].evaluations() / ((System.nanoTime() - start) / 1e9);
				}
				if (!Files.readAllLines(ends[0].resultsFile()).equals(Files.readAllLines(ends[1].resultsFile()))) {
					throw new IllegalStateException(method + ": the parallel search's results differ from one at a time");
				}
				ratios[round] = rates[1] / rates[0];
				System.out.printf("%-8s round %d: one at a time %,.1f evaluations/s, in parallel %,.1f/s: x%.2f%n", method.label(),
						round + 1, rates[0], rates[1], ratios[round]);
			}
			java.util.Arrays.sort(ratios);
			System.out.printf("%-8s median speed-up x%.2f over %d rounds, identical results files%n", method.label(),
					ratios[rounds / 2], rounds);
		}
	}

	/**
	 * Time from the stop signal being raised to a running search having ended (its results flushed and
	 * its checkpoint written), over {@code stops} stops, a third of each method, each after 5 to 30
	 * evaluations; split into the time its thread took to notice and the time it then took to end.
	 */
	private static void stopLatency(OhlcvSeries sample, List<ParameterRange> ranges, Path dir, int stops) throws Exception {
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		Optimiser optimiser = Fixtures.optimiser(dir.resolve("stops"), signal);
		// as the service does when it starts: the search libraries' code loaded before the first search
		SearchAlgorithm.warmUp(SearchSpace.of(Fixtures.builtIns().get("bollinger_atr"), List.of()));
		List<Long> total = new java.util.ArrayList<>();
		List<Long> noticed = new java.util.ArrayList<>();
		List<Long> ending = new java.util.ArrayList<>();
		for (int i = 0; i < stops; i++) {
			SearchMethod method = SearchMethod.values()[i % 3];
			SearchRun h = (SearchRun) optimiser.start(new SearchSpec("bollinger_atr", sample, ranges, RunSettings.defaults(),
					Objective.maximize(SweepMetrics.SHARPE), method, 100_000, i, 0));
			while (h.status().evaluations() < 5 + i % 26) {
				Thread.sleep(0, 200_000);
			}
			long raised = System.nanoTime();
			signal.raised = true;
			h.completion().get(10, TimeUnit.SECONDS);
			long ended = System.nanoTime();
			long seen = h.control().haltNoticedNanos();
			total.add((ended - raised) / 1000);
			noticed.add((seen - raised) / 1000);
			ending.add((ended - seen) / 1000);
			signal.raised = false;
		}
		System.out.println("stop latency over " + stops + " stops of running searches (a third per method):");
		print("floor: a thread spinning on a flag, raised to seen (the machine's scheduling)", pollingFloor(stops));
		print("signal raised to search ended, checkpoint written", total);
		print("  of which: signal raised to the search's thread noticing", noticed);
		print("  of which: noticed to ended (results closed, checkpoint written)", ending);
	}

	/**
	 * Raised to seen for a thread that does nothing but poll a volatile flag: what the machine's scheduling
	 * alone adds, the floor under any stop latency measured here.
	 */
	private static List<Long> pollingFloor(int stops) throws InterruptedException {
		List<Long> micros = new java.util.ArrayList<>();
		for (int i = 0; i < stops; i++) {
			java.util.concurrent.atomic.AtomicLong raisedAt = new java.util.concurrent.atomic.AtomicLong();
			long[] seenAt = new long[1];
			Thread poller = Thread.ofPlatform().start(() -> {
				while (raisedAt.get() == 0) {
					Thread.onSpinWait();
				}
				seenAt[0] = System.nanoTime();
			});
			Thread.sleep(3);
			long raised = System.nanoTime();
			raisedAt.set(raised);
			poller.join();
			micros.add((seenAt[0] - raised) / 1000);
		}
		return micros;
	}

	private static void print(String what, List<Long> micros) {
		List<Long> sorted = new java.util.ArrayList<>(micros);
		java.util.Collections.sort(sorted);
		System.out.printf("%-78s median %6.2f ms, p99 %6.2f ms, max %6.2f ms%n", what, sorted.get(sorted.size() / 2) / 1000.0,
				sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
	}
}
