package io.backstop.sweep.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * An indicator cache living as long as one sweep, for when no cache service is registered: it
 * holds one entry per distinct indicator and parameter value of the grid, computed once.
 */
final class SweepLocalCache implements IndicatorCache {

	private final ConcurrentMap<IndicatorKey, double[][]> entries = new ConcurrentHashMap<>();

	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute) {
		double[][] v = entries.get(key);
		return v != null ? v : entries.computeIfAbsent(key, k -> compute.get());
	}

	@Override
	public Optional<double[][]> getIfPresent(IndicatorKey key) {
		return Optional.ofNullable(entries.get(key));
	}

	@Override
	public Stats stats() {
		long bytes = sizeBytes();
		return new Stats(entries.size(), bytes, Long.MAX_VALUE, 0, 0, 0, 0, 0, 0, 0);
	}

	@Override
	public Released clearMemory() {
		long n = entries.size();
		long bytes = sizeBytes();
		entries.clear();
		return new Released(n, bytes);
	}

	@Override
	public Released pruneDisk(boolean all) {
		return new Released(0, 0);
	}

	@Override
	public long sizeBytes() {
		long bytes = 0;
		for (double[][] cols : entries.values()) {
			for (double[] c : cols) {
				bytes += 16 + 8L * c.length;
			}
		}
		return bytes;
	}
}
