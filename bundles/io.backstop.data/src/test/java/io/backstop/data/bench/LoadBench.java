package io.backstop.data.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

/**
 * Loading the same bars from CSV and from Feather, outside the test suite: {@code bars} synthetic
 * one-minute bars written once in each format, then each loaded {@code rounds} times after two
 * warm-up loads; prints the median of each and their ratio. Arguments: [bars] [rounds].
 */
public final class LoadBench {

	private LoadBench() {
	}

	public static void main(String[] args) throws Exception {
		int bars = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
		int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
		Path dir = Files.createTempDirectory("backstop-load-bench");
		OhlcvSeries series = SyntheticSeries.generate(42, bars);
		Path csv = dir.resolve("BENCH_1m.csv");
		Path feather = dir.resolve("BENCH_1m.feather");
		OhlcvCsv.write(series, csv);
		OhlcvFiles.writeFeather(series, feather);
		double csvMedian = median(csv, rounds, series.fingerprint());
		double featherMedian = median(feather, rounds, series.fingerprint());
		System.out.printf("%,d bars: CSV %,d bytes, median %.0f ms; Feather %,d bytes, median %.0f ms; Feather loads %.1fx as fast%n",
				bars, Files.size(csv), csvMedian, Files.size(feather), featherMedian, csvMedian / featherMedian);
		Files.delete(csv);
		Files.delete(feather);
		Files.delete(dir);
	}

	/** The median time of {@code rounds} loads after two warm-ups, each checked against the fingerprint. */
	static double median(Path file, int rounds, String fingerprint) throws Exception {
		double[] millis = new double[rounds];
		for (int round = -2; round < rounds; round++) {
			long start = System.nanoTime();
			OhlcvSeries loaded = OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT);
			long elapsed = System.nanoTime() - start;
			if (!loaded.fingerprint().equals(fingerprint)) {
				throw new IllegalStateException(file + " loaded other bars");
			}
			if (round >= 0) {
				millis[round] = elapsed / 1e6;
			}
		}
		Arrays.sort(millis);
		return millis[rounds / 2];
	}
}
