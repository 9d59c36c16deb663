package io.backstop.indicators;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Shares computed indicator arrays between runs, keyed by {@link IndicatorKey} (series
 * fingerprint, indicator, parameters). Registered as an OSGi service by this bundle; also usable
 * without OSGi (see {@code io.backstop.indicators.internal.IndicatorCacheImpl}'s constructor).
 * <p>
 * Values are arrays of columns ({@code double[][]}, for example upper/middle/lower bands). They
 * are shared: callers must not modify what they get. Lookups go to the memory LRU, then the disk
 * cache, then compute; a damaged disk entry is ignored, deleted and recomputed. Thread-safe.
 */
public interface IndicatorCache {

	/** The cache's configuration: directory, memory and disk limits, time to live. */
	String PID = "io.backstop.indicators.cache";

	/** The cached value, computing and storing it when absent. */
	double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute);

	/**
	 * {@link #getOrCompute(IndicatorKey, Supplier)} for work that an emergency stop must reach:
	 * {@code cancelled} (a volatile read) is polled while reading or writing the disk cache and
	 * while waiting for another thread that computes the same key; {@code compute} should poll it
	 * too (see {@link Indicators#compute(io.backstop.data.OhlcvSeries, String, BooleanSupplier, double...)}).
	 * The cache service computes each missing key once however many threads ask for it, and never
	 * holds a lock that other keys need while computing or doing disk I/O.
	 *
	 * @throws CancellationException once {@code cancelled} answers true (nothing is stored)
	 */
	default double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute, BooleanSupplier cancelled) {
		if (cancelled.getAsBoolean()) {
			throw new CancellationException("indicator lookup cancelled");
		}
		return getOrCompute(key, compute);
	}

	/** For single-column indicators. */
	default double[] getOrComputeColumn(IndicatorKey key, Supplier<double[]> compute) {
		return getOrCompute(key, () -> new double[][] { compute.get() })[0];
	}

	/** The value if held in memory or on disk; never computes. */
	Optional<double[][]> getIfPresent(IndicatorKey key);

	/** Counts and sizes now. */
	Stats stats();

	/** Drops every in-memory entry; the disk cache stays. */
	Released clearMemory();

	/** Deletes expired disk entries, or all of them when {@code all} is true. */
	Released pruneDisk(boolean all);

	/** Bytes held in memory now (for memory accounting). */
	default long sizeBytes() {
		return stats().memoryBytes();
	}

	/**
	 * What a clear or prune released.
	 *
	 * @param entries entries removed
	 * @param bytes   bytes they held (array payload in memory, file sizes on disk)
	 */
	record Released(long entries, long bytes) {
		public Released plus(Released other) {
			return new Released(entries + other.entries, bytes + other.bytes);
		}
	}

	/**
	 * Cache figures.
	 *
	 * @param memoryEntries  entries in memory
	 * @param memoryBytes    bytes they hold
	 * @param memoryMaxBytes the memory bound
	 * @param diskEntries    entries on disk (per the index)
	 * @param diskBytes      their total file size
	 * @param diskMaxBytes   the disk cap
	 * @param memoryHits     lookups answered from memory
	 * @param diskHits       lookups answered from disk
	 * @param misses         lookups that computed
	 * @param damaged        disk entries found damaged and discarded
	 */
	record Stats(long memoryEntries, long memoryBytes, long memoryMaxBytes, long diskEntries, long diskBytes,
			long diskMaxBytes, long memoryHits, long diskHits, long misses, long damaged) {
	}
}
