package io.backstop.backtest.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.ta4j.core.Indicator;
import org.ta4j.core.num.Num;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Ta4jZscore;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

/**
 * Runs the engine benchmarks and prints a summary: bar-evaluations per second of the kernel and
 * of ta4j on the 270-combination grid (JMH, one thread), their ratio, a check that both give the
 * same trades and final equity for every combination, and the CSV loader on a million rows.
 * Started by {@code bench.sh}; {@code --quick} shortens the JMH runs.
 */
public final class EngineBench {

	public static void main(String[] args) throws Exception {
		boolean quick = List.of(args).contains("--quick");
		Options options = new OptionsBuilder().include(ZscoreGridBenchmark.class.getName() + ".kernelGrid")
				.warmupIterations(quick ? 2 : 5).warmupTime(TimeValue.seconds(2))
				.measurementIterations(quick ? 3 : 10).measurementTime(TimeValue.seconds(2)).forks(1).threads(1)
				.jvmArgsAppend("-Xms1g", "-Xmx1g").build();
		Collection<RunResult> kernel = new Runner(options).run();
		Options ta4jOptions = new OptionsBuilder().include(ZscoreGridBenchmark.class.getName() + ".ta4jGrid")
				.warmupIterations(quick ? 0 : 1).measurementIterations(quick ? 1 : 3).forks(1).threads(1)
				.jvmArgsAppend("-Xms2g", "-Xmx2g").build();
		Collection<RunResult> ta4j = new Runner(ta4jOptions).run();

		double evals = ZscoreGridBenchmark.evaluationsPerGrid();
		RunResult k = kernel.iterator().next();
		double kernelOps = k.getPrimaryResult().getScore();
		double kernelErr = k.getPrimaryResult().getScoreError();
		double kernelRate = kernelOps * evals;
		RunResult t = ta4j.iterator().next();
		double ta4jMillis = t.getPrimaryResult().getScore();
		double ta4jRate = evals / (ta4jMillis / 1000.0);

		String verification = verify();
		String cpu = cpuTime();
		String loader = loader();

		StringBuilder out = new StringBuilder();
		out.append("\n==== Backstop engine benchmark (one thread) ====\n");
		out.append(String.format(Locale.ROOT, "workload: bollinger_zscore, 270 combinations x %,d bars (seed %d), capital 10,000, fees 10 bps, slippage 5 bps%n",
				ZscoreGridBenchmark.BARS, ZscoreGridBenchmark.SEED));
		out.append(String.format(Locale.ROOT, "kernel : %.3e bar-evaluations/s  (%.1f ms per grid, +/- %.1f%%)%n", kernelRate,
				1000 / kernelOps, 100 * kernelErr / kernelOps));
		out.append(String.format(Locale.ROOT, "ta4j   : %.3e bar-evaluations/s  (%.0f ms per grid; ta4j 0.22.2, DoubleNum)%n",
				ta4jRate, ta4jMillis));
		out.append(String.format(Locale.ROOT, "ratio  : kernel / ta4j = %.0f x%n", kernelRate / ta4jRate));
		out.append(String.format(Locale.ROOT, "vs reference figures on this machine: hand-tuned Java loop 2.2e8 (kernel = %.2f x), Numba 1.2e7 (kernel = %.0f x)%n",
				kernelRate / 2.2e8, kernelRate / 1.2e7));
		out.append(cpu).append('\n');
		out.append(verification).append('\n');
		out.append(loader).append('\n');
		System.out.println(out);
		Path report = Path.of("target", "bench-engine.txt");
		Files.createDirectories(report.getParent());
		Files.writeString(report, out);
		System.out.println("written to " + report.toAbsolutePath());
	}

	/** Trades and final equity of every combination, kernel against ta4j. */
	static String verify() {
		OhlcvSeries s = SyntheticSeries.generate(ZscoreGridBenchmark.SEED, ZscoreGridBenchmark.BARS);
		Ta4jZscore ta4j = new Ta4jZscore(s);
		int period = -1;
		Indicator<Num> z = null;
		BollingerZscoreKernel.Prepared prepared = null;
		int mismatches = 0;
		double worst = 0;
		long trades = 0;
		List<String> details = new ArrayList<>();
		for (BollingerZscoreKernel.Combo c : BollingerZscoreKernel.referenceGrid()) {
			if (c.bbPeriod() != period) {
				period = c.bbPeriod();
				z = ta4j.zScore(period);
				prepared = BollingerZscoreKernel.prepare(s.close(), period);
			}
			var mine = BollingerZscoreKernel.run(s.close(), s.low(), s.high(), s.timestamps(), prepared, c.entryZ(), c.kSl(),
					c.leverage(), BollingerZscoreKernel.REFERENCE_SETTINGS, CancellationToken.NONE);
			var theirs = ta4j.run(z, period, c.entryZ(), c.kSl(), c.leverage(), BollingerZscoreKernel.REFERENCE_SETTINGS);
			double rel = Math.abs(mine.finalEquity() - theirs.finalEquity()) / Math.abs(theirs.finalEquity());
			worst = Math.max(worst, rel);
			trades += mine.trades();
			if (mine.trades() != theirs.trades() || rel > 1e-9) {
				mismatches++;
				if (details.size() < 5) {
					details.add(c + ": kernel " + mine.trades() + " trades, " + mine.finalEquity() + "; ta4j "
							+ theirs.trades() + ", " + theirs.finalEquity());
				}
			}
		}
		return String.format(Locale.ROOT,
				"check  : %s: %d of 270 combinations differ (trades equal and final equity within 1e-9); largest relative equity difference %.1e; %,d trades in all%s",
				mismatches == 0 ? "PASS" : "FAIL", mismatches, worst, trades,
				details.isEmpty() ? "" : "\n  " + String.join("\n  ", details));
	}

	/**
	 * The same two workloads timed by this thread's CPU time rather than wall time, after a warm-up:
	 * on a shared, loaded machine this is the figure that says what one core does.
	 */
	static String cpuTime() {
		java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
		ZscoreGridBenchmark b = new ZscoreGridBenchmark();
		b.setup();
		double sink = 0;
		for (int i = 0; i < 10; i++) {
			sink += b.kernelGrid();
		}
		int kernelGrids = 20;
		long t0 = threads.getCurrentThreadCpuTime();
		for (int i = 0; i < kernelGrids; i++) {
			sink += b.kernelGrid();
		}
		double kernelCpu = (threads.getCurrentThreadCpuTime() - t0) / 1e9 / kernelGrids;
		sink += b.ta4jGrid(); // warm-up
		t0 = threads.getCurrentThreadCpuTime();
		sink += b.ta4jGrid();
		double ta4jCpu = (threads.getCurrentThreadCpuTime() - t0) / 1e9;
		double evals = ZscoreGridBenchmark.evaluationsPerGrid();
		return String.format(Locale.ROOT,
				"cpu    : per CPU-second of this thread: kernel %.3e, ta4j %.3e bar-evaluations; ratio %.0f x (%.1f ms vs %.0f ms CPU per grid)%s",
				evals / kernelCpu, evals / ta4jCpu, ta4jCpu / kernelCpu, kernelCpu * 1000, ta4jCpu * 1000,
				sink == 0 ? " " : "");
	}

	/** Loads a million-row CSV (exchange-like precision) a few times; reports the median. */
	static String loader() throws Exception {
		OhlcvSeries raw = SyntheticSeries.generate(1, 1_000_000);
		double[][] cols = { raw.open().clone(), raw.high().clone(), raw.low().clone(), raw.close().clone() };
		for (double[] c : cols) {
			for (int i = 0; i < c.length; i++) {
				c[i] = Math.round(c[i] * 1000) / 10.0;
			}
		}
		double[] volume = raw.volume().clone();
		for (int i = 0; i < volume.length; i++) {
			volume[i] = Math.round(volume[i] * 1000) / 1000.0;
		}
		OhlcvSeries s = new OhlcvSeries("m", "m", raw.timestamps(), cols[0], cols[1], cols[2], cols[3], volume);
		Path file = Files.createTempFile("backstop-bench", ".csv");
		try {
			OhlcvCsv.write(s, file);
			java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
			long[] times = new long[7];
			long[] cpu = new long[7];
			for (int r = 0; r < times.length; r++) {
				long c0 = threads.getCurrentThreadCpuTime();
				long t0 = System.nanoTime();
				OhlcvSeries loaded = OhlcvCsv.load(file);
				times[r] = System.nanoTime() - t0;
				cpu[r] = threads.getCurrentThreadCpuTime() - c0;
				if (loaded.size() != 1_000_000) {
					throw new IllegalStateException("loaded " + loaded.size());
				}
			}
			long first = times[0];
			java.util.Arrays.sort(times);
			java.util.Arrays.sort(cpu);
			long t0 = System.nanoTime();
			String fp = s.withName("x", "x").fingerprint();
			long fpTime = System.nanoTime() - t0;
			return String.format(Locale.ROOT,
					"loader : 1,000,000 rows (%.0f MiB): first load %.0f ms, median of 7 %.0f ms (%.0f ms CPU); fingerprint %.0f ms (%s...)",
					Files.size(file) / (1024.0 * 1024.0), first / 1e6, times[3] / 1e6, cpu[3] / 1e6, fpTime / 1e6,
					fp.substring(0, 12));
		} finally {
			Files.deleteIfExists(file);
		}
	}

	private EngineBench() {
	}
}
