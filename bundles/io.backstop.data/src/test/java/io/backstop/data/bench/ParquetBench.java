package io.backstop.data.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.SyntheticSeries;

/**
 * Loading the same bars from CSV and from Parquet in one process, outside the test suite. Each CSV
 * named (the bundled samples, say) and {@code synthetic} bars written as CSV are converted to Snappy
 * Parquet by DuckDB ({@code fixtures/to-parquet.mjs}, which needs {@code npm ci} in {@code fixtures/}),
 * then each file is loaded {@code rounds} times after two warm-ups; prints the medians and their
 * ratio, after checking both give the same bars. Then the stop's halt latency on the largest Parquet
 * file: the halting condition turns true mid-load, and the time until the load gives up is measured.
 * Arguments: rounds synthetic [csv...]; run from the bundle's folder.
 */
public final class ParquetBench {

	private ParquetBench() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = Integer.parseInt(args[0]);
		int synthetic = Integer.parseInt(args[1]);
		Path dir = Files.createTempDirectory("backstop-parquet-bench");
		Path syntheticCsv = dir.resolve("SYNTHETIC_1m.csv");
		OhlcvCsv.write(SyntheticSeries.generate(42, synthetic), syntheticCsv);
		String[] csvs = Arrays.copyOf(Arrays.copyOfRange(args, 2, args.length), args.length - 1);
		csvs[csvs.length - 1] = syntheticCsv.toString();
		Path largest = null;
		for (String name : csvs) {
			Path csv = Path.of(name);
			Path parquet = dir.resolve(csv.getFileName().toString().replace(".csv", ".parquet"));
			Process convert = new ProcessBuilder("node", "fixtures/to-parquet.mjs", csv.toAbsolutePath().toString(),
					parquet.toString()).inheritIO().start();
			if (convert.waitFor() != 0) {
				throw new IllegalStateException("DuckDB could not convert " + csv);
			}
			String fingerprint = OhlcvFiles.load(csv, OhlcvFiles.Options.DEFAULT).fingerprint();
			double csvMedian = LoadBench.median(csv, rounds, fingerprint);
			double parquetMedian = LoadBench.median(parquet, rounds, fingerprint);
			System.out.printf("%s, %,d bars: CSV %,d bytes, median %.1f ms; Parquet (Snappy) %,d bytes, median %.1f ms;"
					+ " Parquet loads %.1fx as fast%n", csv.getFileName(),
					OhlcvFiles.load(csv, OhlcvFiles.Options.DEFAULT).size(), Files.size(csv), csvMedian,
					Files.size(parquet), parquetMedian, csvMedian / parquetMedian);
			largest = parquet;
		}
		haltLatency(largest, rounds);
	}

	/** Raises the halting condition after a third of a full load's time and measures until the load gives up. */
	private static void haltLatency(Path file, int rounds) throws Exception {
		long full = (long) (LoadBench.median(file, 3, OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT).fingerprint())
				* 1e6);
		double[] latency = new double[rounds];
		for (int round = 0; round < rounds; round++) {
			long raisedAt = System.nanoTime() + full / 3;
			OhlcvFiles.Options options = OhlcvFiles.Options.DEFAULT.haltedWhen(() -> System.nanoTime() >= raisedAt);
			try {
				OhlcvFiles.load(file, options);
				throw new IllegalStateException("the load was not halted");
			} catch (CancellationException expected) {
				latency[round] = (System.nanoTime() - raisedAt) / 1e6;
			}
		}
		Arrays.sort(latency);
		System.out.printf("halt latency on %s (full load %.0f ms): median %.2f ms, max %.2f ms over %d loads%n",
				file.getFileName(), full / 1e6, latency[rounds / 2], latency[rounds - 1], rounds);
	}
}
