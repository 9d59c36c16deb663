package io.backstop.backtest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
	 * Bar-evaluations per CPU-second of this thread, each grid warmed up first: what one core does,
	 * whatever else the machine runs meanwhile (wall-clock figures drop with the load).
	 */
	static String cpuTimes() {
		StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
				"%n==== Strategies against the kernel: %,d bars (seed %d), one thread, per CPU-second ====%n",
				ZscoreGridBenchmark.BARS, ZscoreGridBenchmark.SEED));
		ZscoreGridBenchmark zscore = new ZscoreGridBenchmark();
		zscore.setup();
		out.append(zscore.checkHandLoop()).append(System.lineSeparator());
		double kernel = perCpuSecond(zscore::kernelGrid, ZscoreGridBenchmark.evaluationsPerGrid());
		double hand = perCpuSecond(zscore::handLoopGrid, ZscoreGridBenchmark.evaluationsPerGrid());
		out.append(String.format(Locale.ROOT, "%-28s %8s %14s %10s%n", "grid", "combos", "bar-evals/s", "vs kernel"));
		out.append(String.format(Locale.ROOT, "%-28s %8d %14.3e %10.2f%n", "kernel (prep included)", 270, kernel, 1.0));
		out.append(String.format(Locale.ROOT, "%-28s %8d %14.3e %10.2f%n", "hand-written loop", 270, hand, hand / kernel));
		StrategyGridBenchmark grid = new StrategyGridBenchmark();
		for (String id : combinations().keySet()) {
			grid.strategy = id;
			grid.setup();
			double rate = perCpuSecond(grid::grid, grid.evaluationsPerGrid());
			out.append(String.format(Locale.ROOT, "%-28s %8d %14.3e %10.2f%n", id, grid.combinations.size(), rate,
					rate / kernel));
		}
		return out.toString();
	}

	private static double sink;

	/** Runs {@code grid} for at least 2 s of CPU to warm up, then times whole grids over at least 3 s of CPU. */
	private static double perCpuSecond(java.util.function.DoubleSupplier grid, double evaluations) {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		long start = threads.getCurrentThreadCpuTime();
		while (threads.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
			sink += grid.getAsDouble();
		}
		int grids = 0;
		start = threads.getCurrentThreadCpuTime();
		long used;
		do {
			sink += grid.getAsDouble();
			grids++;
			used = threads.getCurrentThreadCpuTime() - start;
		} while (used < 3_000_000_000L);
		return grids * evaluations / (used / 1e9);
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
