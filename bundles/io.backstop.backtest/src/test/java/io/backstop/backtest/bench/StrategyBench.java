package io.backstop.backtest.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.function.DoubleSupplier;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Every built-in strategy's default grid against the kernel, in one run, on one and on two threads
 * (JMH, throughput): bar-evaluations per second of each strategy's sweep and its ratio to the
 * kernel's reference grid (preparation included), and the kernel's grid against a hand-written
 * loop of the same strategy. Started by {@code bench.sh --strategies}; {@code --quick} shortens the
 * JMH runs. Prints a table and writes it to {@code target/bench-strategies.txt}.
 */
public final class StrategyBench {

	public static void main(String[] args) throws Exception {
		boolean quick = List.of(args).contains("--quick");
		StringBuilder out = new StringBuilder();
		out.append(cpuTimes());
		System.out.println(out);
		if (List.of(args).contains("--cpu")) {
			write(out);
			return;
		}
		out.append(String.format(Locale.ROOT, "%n==== Strategies against the kernel: %,d bars (seed %d), JMH throughput ====%n",
				ZscoreGridBenchmark.BARS, ZscoreGridBenchmark.SEED));
		for (int threads : new int[] { 1, 2 }) {
			double kernel = rate(quick, threads, ZscoreGridBenchmark.class.getName() + ".kernelGrid", null)
					* ZscoreGridBenchmark.evaluationsPerGrid();
			double hand = rate(quick, threads, ZscoreGridBenchmark.class.getName() + ".handLoopGrid", null)
					* ZscoreGridBenchmark.evaluationsPerGrid();
			out.append(String.format(Locale.ROOT, "%n%d thread%s%n", threads, threads == 1 ? "" : "s"));
			out.append(String.format(Locale.ROOT, "%-28s %8s %14s %10s%n", "grid", "combos", "bar-evals/s", "vs kernel"));
			out.append(String.format(Locale.ROOT, "%-28s %8d %14.3e %10.2f%n", "kernel (prep included)", 270, kernel, 1.0));
			out.append(String.format(Locale.ROOT, "%-28s %8d %14.3e %10.2f%n", "hand-written loop", 270, hand, hand / kernel));
			for (Map.Entry<String, Integer> s : combinations().entrySet()) {
				double grids = rate(quick, threads, StrategyGridBenchmark.class.getName() + ".grid", s.getKey());
				double evals = grids * s.getValue() * (double) ZscoreGridBenchmark.BARS;
				out.append(String.format(Locale.ROOT, "%-28s %8d %14.3e %10.2f%n", s.getKey(), s.getValue(), evals,
						evals / kernel));
			}
		}
		System.out.println(out);
		write(out);
	}

	private static void write(StringBuilder out) throws java.io.IOException {
		Path report = Path.of("target", "bench-strategies.txt");
		Files.createDirectories(report.getParent());
		Files.writeString(report, out);
		System.out.println("written to " + report.toAbsolutePath());
	}

	/**
	 * Bar-evaluations per CPU-second, each grid warmed up first: what one core does, whatever else the
	 * machine runs meanwhile (wall-clock figures drop with the load). Each grid runs on one thread, then
	 * on two at once sharing its state as JMH's threads do: a lock, a shared counter or false sharing
	 * would lower the two threads' rate per CPU-second (spinning) or their cores busy (blocking)
	 * against the kernel's in the same run; the bytes each grid allocates show the garbage collector's share.
	 * Each ratio is to the kernel measured just before and just after the grid.
	 */
	static String cpuTimes() throws InterruptedException {
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
				"%n==== Strategies against the kernel: %,d bars (seed %d), per CPU-second, 1 and 2 threads ====%n",
				ZscoreGridBenchmark.BARS, ZscoreGridBenchmark.SEED));
		ZscoreGridBenchmark zscore = new ZscoreGridBenchmark();
		zscore.setup();
		out.append(zscore.checkHandLoop()).append(System.lineSeparator());
		out.append(String.format(Locale.ROOT, "%-24s %6s %12s %6s %12s %6s %6s %12s%n", "grid", "combos",
				"1 thr /CPU-s", "vs k", "2 thr /CPU-s", "vs k", "cores", "bytes/combo"));
		DoubleSupplier kernelGrid = zscore::kernelGrid;
		Measured[] kernel = measureOnOneAndTwo(kernelGrid, ZscoreGridBenchmark.evaluationsPerGrid());
		row(out, "kernel (prep included)", 270, kernel, kernel);
		Measured[] hand = measureOnOneAndTwo(zscore::handLoopGrid, ZscoreGridBenchmark.evaluationsPerGrid());
		Measured[] kernelAfter = measureOnOneAndTwo(kernelGrid, ZscoreGridBenchmark.evaluationsPerGrid());
		row(out, "hand-written loop", 270, hand, mean(kernel, kernelAfter));
		StrategyGridBenchmark grid = new StrategyGridBenchmark();
		for (String id : combinations().keySet()) {
			grid.strategy = id;
			grid.setup();
			Measured[] strategy = measureOnOneAndTwo(grid::grid, grid.evaluationsPerGrid());
			// against the kernel measured just before and just after: the machine's load changes within minutes
			Measured[] kernelBefore = kernelAfter;
			kernelAfter = measureOnOneAndTwo(kernelGrid, ZscoreGridBenchmark.evaluationsPerGrid());
			row(out, id, grid.combinations.size(), strategy, mean(kernelBefore, kernelAfter));
		}
		return out.toString();
	}

	/** The kernel's rates measured before and after a grid, averaged. */
	private static Measured[] mean(Measured[] before, Measured[] after) {
		Measured[] mean = new Measured[before.length];
		for (int k = 0; k < mean.length; k++) {
			mean[k] = new Measured((before[k].perCpuSecond() + after[k].perCpuSecond()) / 2,
					(before[k].coresBusy() + after[k].coresBusy()) / 2, before[k].bytesPerGrid());
		}
		return mean;
	}

	private static void row(StringBuilder out, String grid, int combinations, Measured[] m, Measured[] kernel) {
		out.append(String.format(Locale.ROOT, "%-24s %6d %12.3e %6.2f %12.3e %6.2f %6.2f %,12d%n", grid, combinations,
				m[0].perCpuSecond(), m[0].perCpuSecond() / kernel[0].perCpuSecond(), m[1].perCpuSecond(),
				m[1].perCpuSecond() / kernel[1].perCpuSecond(), m[1].coresBusy(),
				Math.round(m[0].bytesPerGrid() / combinations)));
	}

	/**
	 * One grid timed on some threads at once: bar-evaluations per CPU-second of them all, CPU-seconds per
	 * wall-second (2 when two threads never wait) and bytes allocated per grid.
	 */
	record Measured(double perCpuSecond, double coresBusy, double bytesPerGrid) {
	}

	private static double sink;

	private static Measured[] measureOnOneAndTwo(DoubleSupplier grid, double evaluations) throws InterruptedException {
		return new Measured[] { measure(grid, evaluations, 1), measure(grid, evaluations, 2) };
	}

	/**
	 * Runs {@code grid} on {@code threads} threads: each warms up for 2 s of CPU, then, from a common start,
	 * times whole grids over at least 3 s of its CPU.
	 */
	private static Measured measure(DoubleSupplier grid, double evaluations, int threads) throws InterruptedException {
		com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		CyclicBarrier start = new CyclicBarrier(threads);
		long[] cpu = new long[threads];
		long[] wall = new long[threads];
		long[] bytes = new long[threads];
		int[] grids = new int[threads];
		double[] sums = new double[threads];
		Thread[] workers = new Thread[threads];
		for (int t = 0; t < threads; t++) {
			int k = t;
			workers[t] = new Thread(() -> {
				long warm = mx.getCurrentThreadCpuTime();
				while (mx.getCurrentThreadCpuTime() - warm < 2_000_000_000L) {
					sums[k] += grid.getAsDouble();
				}
				try {
					start.await();
				} catch (InterruptedException | BrokenBarrierException e) {
					throw new IllegalStateException(e);
				}
				long cpu0 = mx.getCurrentThreadCpuTime();
				long bytes0 = mx.getCurrentThreadAllocatedBytes();
				long wall0 = System.nanoTime();
				do {
					sums[k] += grid.getAsDouble();
					grids[k]++;
				} while (mx.getCurrentThreadCpuTime() - cpu0 < 3_000_000_000L);
				cpu[k] = mx.getCurrentThreadCpuTime() - cpu0;
				wall[k] = System.nanoTime() - wall0;
				bytes[k] = mx.getCurrentThreadAllocatedBytes() - bytes0;
			});
			workers[t].start();
		}
		for (Thread w : workers) {
			w.join();
		}
		long totalCpu = 0;
		long longestWall = 0;
		long totalBytes = 0;
		int totalGrids = 0;
		for (int t = 0; t < threads; t++) {
			totalCpu += cpu[t];
			longestWall = Math.max(longestWall, wall[t]);
			totalBytes += bytes[t];
			totalGrids += grids[t];
			sink += sums[t];
		}
		return new Measured(totalGrids * evaluations / (totalCpu / 1e9), (double) totalCpu / longestWall,
				(double) totalBytes / totalGrids);
	}

	private static Map<String, Integer> combinations;

	/** Valid combinations of each strategy's default grid, by strategy. */
	private static Map<String, Integer> combinations() {
		if (combinations == null) {
			combinations = new LinkedHashMap<>();
			StrategyGridBenchmark b = new StrategyGridBenchmark();
			for (String id : List.of("sma_crossover", "ema_crossover", "bollinger_atr", "rsi_reversal", "macd_crossover",
					"donchian_breakout", "bollinger_zscore")) {
				b.strategy = id;
				b.setup();
				combinations.put(id, b.combinations.size());
			}
		}
		return combinations;
	}

	/** Operations per second of one benchmark method, summed over its threads. */
	private static double rate(boolean quick, int threads, String method, String strategy) throws RunnerException {
		OptionsBuilder options = new OptionsBuilder();
		options.include(method.replace(".", "\\.") + "$").warmupIterations(quick ? 2 : 4)
				.warmupTime(TimeValue.seconds(quick ? 1 : 2)).measurementIterations(quick ? 3 : 5)
				.measurementTime(TimeValue.seconds(quick ? 1 : 2)).forks(1).threads(threads)
				.jvmArgsAppend("-Xms1g", "-Xmx1g");
		if (strategy != null) {
			options.param("strategy", strategy);
		}
		Options built = options.build();
		RunResult result = new Runner(built).run().iterator().next();
		return result.getPrimaryResult().getScore();
	}
}
