package io.backstop.backtest;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/** The indicator cache reduced to its memory map, without OSGi: every run on a series shares its indicators. */
public final class MemoryIndicatorCache implements IndicatorCache {

	private final Map<IndicatorKey, double[][]> values = new ConcurrentHashMap<>();

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
