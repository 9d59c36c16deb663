package io.backstop.sweep.internal;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.Stoppable;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * Sweep benchmarks, outside the test run (see BENCHMARK.md for the command):
 * <ol>
 * <li>{@code latency}: stop latency under full-load sweeps, over 100 stops: from raising the stop
 * signal to the last worker halted, and to the halt step returning (partial results flushed,
 * checkpoint written).</li>
 * <li>{@code throughput}: bar-evaluations per second of the 270-combination {@code bollinger_zscore}
 * grid on a 125,000-bar synthetic series, one worker against one per core.</li>
 * <li>{@code memory}: heap used during and after a 1,000,000-combination sweep.</li>
 * <li>{@code strategies}: stop latency and halt step of every built-in strategy's default grid on a
 * 1,500,000-bar series, through the indicator cache (memory and disk) as inside the product.</li>
 * <li>{@code cycles}: heap and resident memory after each of 50 sweep-then-stop cycles on a
 * 1,500,000-bar series.</li>
 * </ol>
 * Arguments: the parts to run (default the first three), then optionally {@code stops=N},
 * {@code cycles=N}, {@code bars=N}.
 */
public final class SweepBenchmark {

	private SweepBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> parts = new ArrayList<>();
		int stops = 100;
		int cycles = 50;
		int bars = 1_500_000;
		for (String a : args) {
			if (a.startsWith("stops=")) {
				stops = Integer.parseInt(a.substring(6));
			} else if (a.startsWith("cycles=")) {
				cycles = Integer.parseInt(a.substring(7));
			} else if (a.startsWith("bars=")) {
				bars = Integer.parseInt(a.substring(5));
			} else {
				parts.add(a);
			}
		}
		if (parts.isEmpty()) {
			parts = List.of("throughput", "latency", "memory");
		}
		System.out.printf("JVM %s, %d available processors, max heap %d MB, load average %s%n", Runtime.version(),
				Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
		Path dir = Files.createTempDirectory("sweep-bench");
		try {
			for (String part : parts) {
				switch (part) {
				case "throughput" -> throughput(dir);
				case "latency" -> latency(dir, stops);
				case "memory" -> memory(dir);
				case "strategies" -> strategies(dir, stops, bars);
				case "cycles" -> cycles(dir, cycles, bars);
				default -> throw new IllegalArgumentException("unknown part " + part);
				}
			}
		} finally {
			delete(dir);
		}
	}

	static void throughput(Path dir) throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(42, 125_000);
		int cores = Runtime.getRuntime().availableProcessors();
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		try (SweepEngine engine = Fixtures.engine(dir, signal)) {
			for (int warm = 0; warm < 3; warm++) {
				timed(engine, series, 1);
				timed(engine, series, cores);
			}
			int reps = 15;
			double[] one = new double[reps];
			double[] all = new double[reps];
			for (int r = 0; r < reps; r++) {
				one[r] = timed(engine, series, 1);
				all[r] = timed(engine, series, cores);
			}
			double evals = 270.0 * series.size();
			double oneRate = evals / median(one);
			double allRate = evals / median(all);
			System.out.printf("throughput: 270 combos x %,d bars; median of %d runs (per-period preparation, results file"
					+ " and checkpoint included)%n", series.size(), reps);
			System.out.printf("  1 worker : %.3g bar-evaluations/s (%.1f ms per sweep)%n", oneRate, median(one) * 1e3);
			System.out.printf("  %d workers: %.3g bar-evaluations/s (%.1f ms per sweep)%n", cores, allRate,
					median(all) * 1e3);
			System.out.printf("  ratio %d workers / 1 worker: %.2f (best runs: %.3g vs %.3g, ratio %.2f)%n", cores,
					allRate / oneRate, evals / min(one), evals / min(all), min(one) / min(all));
			System.out.printf("  load average now: %s%n", loadAverage());
		}
	}

	private static double timed(SweepEngine engine, OhlcvSeries series, int workers) throws Exception {
		long t0 = System.nanoTime();
		SweepStatus s = engine.start(Fixtures.referenceGrid(series, workers)).completion().get(5, TimeUnit.MINUTES);
		double seconds = (System.nanoTime() - t0) / 1e9;
		if (s.state() != SweepState.COMPLETED || s.barsEvaluated() != 270L * series.size()) {
			throw new IllegalStateException("sweep did not complete: " + s.summary());
		}
		delete(s.resultsFile().getParent());
		return seconds;
	}

	/** Every sweep prepares its 41 periods (about 120 MB of arrays, so the collector runs often). */
	static void latency(Path dir, int stops) throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(42, 125_000);
		int cores = Runtime.getRuntime().availableProcessors();
		SweepSpec spec = SweepSpec.builder("bollinger_zscore", series).range("bb_period", 10, 50, 1)
				.range("entry_z", 1.0, 3.0, 0.5).values("k_sl", 0.5, 1, 1.5, 2, 3, 4)
				.settings(BollingerZscoreKernel.REFERENCE_SETTINGS).workers(cores).build();
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		Random random = new Random(1);
		double[] toHalted = new double[stops];
		double[] toStep = new double[stops];
		long stuck = 0;
		long gcBefore = gcCount();
		try (SweepEngine engine = Fixtures.engine(dir, signal)) {
			for (int i = -5; i < stops; i++) {
				SweepRun run = (SweepRun) engine.start(spec);
				while (run.status().combosDone() < cores) {
					Thread.onSpinWait();
				}
				Thread.sleep(5 + random.nextInt(40));
				if (run.isFinished()) {
					throw new IllegalStateException("the sweep ended before the stop; use a larger grid");
				}
				long t0 = System.nanoTime();
				signal.raise();
				StepResult step = engine.stop(Fixtures.stopContext(3000, new java.util.ArrayList<>()));
				long t1 = System.nanoTime();
				SweepStatus s = run.completion().get(10, TimeUnit.SECONDS);
				if (s.state() != SweepState.STOPPED || step.counters().get("sweeps.halted") != 1) {
					throw new IllegalStateException("not halted: " + s.summary() + " / " + step.detail());
				}
				if (i >= 0) {
					toHalted[i] = (run.lastWorkerExitNanos() - t0) / 1e6;
					toStep[i] = (t1 - t0) / 1e6;
					stuck += step.counters().get("workers.stuck");
				}
				signal.lower();
				delete(s.resultsFile().getParent());
			}
		}
		Arrays.sort(toHalted);
		Arrays.sort(toStep);
		System.out.printf("stop latency over %d stops of full-load sweeps (%d workers, %,d bars per combination;"
				+ " %d collections during the run):%n", stops, cores, series.size(), gcCount() - gcBefore);
		System.out.printf("  request -> last worker halted: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
				percentile(toHalted, 50), percentile(toHalted, 90), percentile(toHalted, 99), toHalted[stops - 1]);
		System.out.printf("  request -> halt step returned (results flushed, checkpoint written): median %.3f ms,"
				+ " p99 %.3f ms, max %.3f ms%n", percentile(toStep, 50), percentile(toStep, 99), toStep[stops - 1]);
		System.out.printf("  workers stuck: %d; load average now: %s%n", stuck, loadAverage());
	}

	static void memory(Path dir) throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(9, 2_000);
		SweepSpec spec = SweepSpec.builder("bollinger_zscore", series).range("bb_period", 10, 59, 1)
				.range("entry_z", 0.05, 5.0, 0.05).range("k_sl", 0.05, 10, 0.05).topK(20).build();
		MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		try (SweepEngine engine = Fixtures.engine(dir, signal)) {
			long before = usedAfterGc(mx);
			long t0 = System.nanoTime();
			var handle = engine.start(spec);
			long peak = 0;
			while (!handle.completion().isDone()) {
				peak = Math.max(peak, mx.getHeapMemoryUsage().getUsed());
				Thread.sleep(20);
			}
			SweepStatus s = handle.completion().get();
			double seconds = (System.nanoTime() - t0) / 1e9;
			long afterNoGc = mx.getHeapMemoryUsage().getUsed();
			long after = usedAfterGc(mx);
			long rows;
			try (Stream<String> lines = Files.lines(s.resultsFile())) {
				rows = lines.count() - 1;
			}
			System.out.printf("memory: %,d-combination sweep on %,d bars, %d workers, top-%d: %s in %.1f s (%.3g bar-evaluations/s)%n",
					s.combosTotal(), series.size(), s.workers(), spec.topK(), s.state(), seconds,
					s.barsEvaluated() / seconds);
			System.out.printf("  results file: %,d rows, %,d MB%n", rows, Files.size(s.resultsFile()) >> 20);
			System.out.printf("  heap used after GC: before %.1f MB, after the sweep %.1f MB (+%.1f MB, the sweep's"
					+ " handle with its top-K still held)%n", before / 1e6, after / 1e6, (after - before) / 1e6);
			System.out.printf("  heap used (no GC): highest sample during the sweep %.1f MB, right after %.1f MB%n",
					peak / 1e6, afterNoGc / 1e6);
			if (s.state() != SweepState.COMPLETED || rows != s.combosTotal()) {
				throw new IllegalStateException("incomplete: " + s.summary());
			}
		}
	}

	/** Every parameter over its default sweep range. */
	static SweepSpec defaultGrid(Strategy strategy, OhlcvSeries series, int workers) {
		SweepSpec.Builder b = SweepSpec.builder(strategy.id(), series).workers(workers);
		for (ParameterSpec p : strategy.parameters()) {
			b.range(p.name(), p.sweepStart(), p.sweepStop(), p.sweepStep());
		}
		return b.build();
	}

	/**
	 * The product's cache with its default limits: 256 MB in memory, 1 GB on disk; its memory is
	 * cleared by every stop. Created by name on the benchmark's plain class path: the class is not
	 * exported, and a literal name would make the OSGi test fragment import its package (and not
	 * resolve).
	 */
	private static IndicatorCache productCache(Path dir) throws ReflectiveOperationException {
		String name = String.join(".", IndicatorCache.class.getPackageName(), "internal", "IndicatorCacheImpl");
		return (IndicatorCache) Class.forName(name)
				.getConstructor(Path.class, long.class, long.class, Duration.class, Clock.class)
				.newInstance(dir.resolve("indicator-cache"), 256L << 20, 1L << 30, Duration.ofDays(7), Clock.systemUTC());
	}

	/**
	 * The memory manager's GC step, which every stop runs after the sweep's halt: its collections
	 * are where the heap gives back what it grew beyond the initial size. Created by name for the
	 * reason given at {@link #productCache(Path)}.
	 */
	private static Stoppable productGcStep() throws ReflectiveOperationException {
		return (Stoppable) Class.forName(String.join(".", "io.backstop.memory", "internal", "GcStoppable"))
				.getConstructor().newInstance();
	}

	/**
	 * Per built-in strategy: {@code stops} stops of its default grid, one worker per core, each
	 * 0-150 ms (random; a shorter window for a grid that ends sooner) after the sweep started, so
	 * that stops land while indicators are computed, read or written as well as in the trading loop.
	 */
	static void strategies(Path dir, int stops, int bars) throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(42, bars);
		series.fingerprint();
		int cores = Runtime.getRuntime().availableProcessors();
		System.out.printf("stops per built-in strategy: %d stops (after 3 unmeasured), %,d bars, %d workers, indicator"
				+ " cache in memory and on disk (after each stop, as the stop does: its memory cleared, the GC step run)%n",
				stops, bars, cores);
		Stoppable gcStep = productGcStep();
		System.out.printf("  %-18s %28s   %28s  %s%n", "strategy", "request -> last worker halted",
				"request -> halt step returned",
				"stuck, halted in preparation; halts over 10 ms, of them with a collection during the stop");
		Random random = new Random(1);
		StrategyRegistry registry = Fixtures.builtIns();
		for (Strategy strategy : registry.all()) {
			IndicatorCache cache = productCache(dir);
			Fixtures.TestSignal signal = new Fixtures.TestSignal();
			SweepSpec spec = defaultGrid(strategy, series, cores);
			double[] toHalted = new double[stops];
			double[] toStep = new double[stops];
			long stuck = 0;
			int beforeFirstCombo = 0;
			int slow = 0;
			int slowDuringCollection = 0;
			try (SweepEngine engine = new SweepEngine(dir, () -> registry, () -> signal, () -> cache,
					EventSink.NONE)) {
				int window = 150;
				for (int i = -3; i < stops; i++) {
					SweepRun run = (SweepRun) engine.start(spec);
					Thread.sleep(random.nextInt(window));
					if (run.isFinished()) {
						// a grid that ends within the window (its indicators cached): stop sooner, and draw again
						if (window == 1) {
							throw new IllegalStateException("the sweep ended before the stop: " + run.status().summary());
						}
						window = Math.max(1, window / 2);
						i--;
						continue;
					}
					long evaluatedBefore = run.evaluatedCount();
					long collectionsBefore = gcCount();
					ThreadTimes threadsBefore = ThreadTimes.read();
					long t0 = System.nanoTime();
					signal.raise();
					StepResult step = engine.stop(Fixtures.stopContext(3000, new ArrayList<>()));
					long t1 = System.nanoTime();
					ThreadTimes threadsAfter = ThreadTimes.read();
					boolean collected = gcCount() > collectionsBefore;
					SweepStatus s = run.completion().get(30, TimeUnit.SECONDS);
					if (s.state() == SweepState.COMPLETED) {
						// it ended on its own as the stop was asked: nothing halted, draw again
						signal.lower();
						cache.clearMemory();
						gcStep.stop(Fixtures.stopContext(10_000, new ArrayList<>()));
						delete(s.resultsFile().getParent());
						window = Math.max(1, window / 2);
						i--;
						continue;
					}
					if (s.state() != SweepState.STOPPED) {
						throw new IllegalStateException("not halted: " + s.summary() + " / " + step.detail());
					}
					if (i >= 0) {
						toHalted[i] = Math.max(0, run.lastWorkerExitNanos() - t0) / 1e6;
						toStep[i] = (t1 - t0) / 1e6;
						stuck += step.counters().get("workers.stuck");
						beforeFirstCombo += evaluatedBefore == 0 ? 1 : 0;
						if (toHalted[i] > 10 || toStep[i] > 20) {
							System.out.printf("    slow stop: halted %.1f ms, step %.1f ms%s%s; per thread, ms on a processor/waiting"
									+ " for one: %s%n", toHalted[i], toStep[i], evaluatedBefore == 0 ? ", in preparation" : "",
									collected ? ", with a collection" : "", threadsAfter.since(threadsBefore));
						}
						if (toHalted[i] > 10) {
							slow++;
							slowDuringCollection += collected ? 1 : 0;
						}
					}
					signal.lower();
					cache.clearMemory();
					gcStep.stop(Fixtures.stopContext(10_000, new ArrayList<>()));
					delete(s.resultsFile().getParent());
				}
			}
			Arrays.sort(toHalted);
			Arrays.sort(toStep);
			System.out.printf("  %-18s median %6.2f p99 %6.2f max %6.2f   median %6.2f p99 %6.2f max %6.2f  %d, %d; %d, %d%n",
					strategy.id(), percentile(toHalted, 50), percentile(toHalted, 99), toHalted[stops - 1],
					percentile(toStep, 50), percentile(toStep, 99), toStep[stops - 1], stuck, beforeFirstCombo, slow,
					slowDuringCollection);
		}
		System.out.printf("  (milliseconds; load average now: %s)%n", loadAverage());
	}

	/**
	 * {@code cycles} cycles of: start the {@code sma_crossover} default grid, let it run 300 ms, stop
	 * it as the emergency stop does (signal, halt step, indicator cache memory cleared, the GC
	 * step), then read the heap used and the process's resident memory.
	 */
	static void cycles(Path dir, int cycles, int bars) throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(42, bars);
		series.fingerprint();
		int cores = Runtime.getRuntime().availableProcessors();
		MemoryMXBean mx = ManagementFactory.getMemoryMXBean();
		IndicatorCache cache = productCache(dir);
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		StrategyRegistry registry = Fixtures.builtIns();
		SweepSpec spec = defaultGrid(registry.get(StrategyRegistry.SMA_CROSSOVER), series, cores);
		Stoppable gcStep = productGcStep();
		double[] heap = new double[cycles];
		double[] rss = new double[cycles];
		System.out.printf("memory over %d sweep-then-stop cycles (sma_crossover default grid, %,d bars, %d workers,"
				+ " MALLOC_ARENA_MAX=%s):%n", cycles, bars, cores, System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"));
		try (SweepEngine engine = new SweepEngine(dir, () -> registry, () -> signal, () -> cache,
				EventSink.NONE)) {
			for (int c = 0; c < cycles; c++) {
				SweepRun run = (SweepRun) engine.start(spec);
				Thread.sleep(300);
				signal.raise();
				engine.stop(Fixtures.stopContext(3000, new ArrayList<>()));
				SweepStatus s = run.completion().get(30, TimeUnit.SECONDS);
				cache.clearMemory();
				gcStep.stop(Fixtures.stopContext(10_000, new ArrayList<>()));
				// the collector gives memory back on a thread of its own, right after the collection
				Thread.sleep(200);
				heap[c] = mx.getHeapMemoryUsage().getUsed() / 1e6;
				rss[c] = residentBytes() / 1e6;
				signal.lower();
				delete(s.resultsFile().getParent());
				System.out.printf("  cycle %2d: heap after the stop %6.1f MB, resident %6.1f MB%n", c + 1, heap[c], rss[c]);
			}
		}
		int tenth = Math.min(9, cycles - 1);
		System.out.printf("  cycle %d -> %d: heap %.1f -> %.1f MB (%+.1f %%), resident %.1f -> %.1f MB (%+.1f %%)%n",
				tenth + 1, cycles, heap[tenth], heap[cycles - 1], 100 * (heap[cycles - 1] / heap[tenth] - 1), rss[tenth],
				rss[cycles - 1], 100 * (rss[cycles - 1] / rss[tenth] - 1));
		System.out.printf("  resident from cycle %d on: min %.1f MB, max %.1f MB; load average now: %s%n", tenth + 1,
				Arrays.stream(rss, tenth, cycles).min().orElse(0), Arrays.stream(rss, tenth, cycles).max().orElse(0),
				loadAverage());
	}

	private static long residentBytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return 0;
	}

	private static long gcCount() {
		return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionCount()))
				.sum();
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(Double.NaN);
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		} catch (IOException e) {
			return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
		}
	}

	private static long usedAfterGc(MemoryMXBean mx) throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(50);
		}
		return mx.getHeapMemoryUsage().getUsed();
	}

	private static double median(double[] values) {
		double[] copy = values.clone();
		Arrays.sort(copy);
		return percentile(copy, 50);
	}

	/** Nearest-rank percentile of sorted values. */
	private static double percentile(double[] sorted, double p) {
		int rank = (int) Math.ceil(p / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	private static void delete(Path root) throws IOException {
		if (!Files.exists(root)) {
			return;
		}
		try (Stream<Path> walk = Files.walk(root)) {
			for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}
}
