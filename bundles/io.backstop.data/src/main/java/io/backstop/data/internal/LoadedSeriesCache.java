package io.backstop.data.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.backstop.data.OhlcvSeries;

/**
 * The series the library has loaded, by {@code SYMBOL_TIMEFRAME}. Emptying it lets go of the
 * library's references only: a run still holding a series keeps it, and the next load reads the
 * files again.
 */
final class LoadedSeriesCache {

	/** Six columns of eight bytes per bar, the arrays' headers ignored. */
	static final int BYTES_PER_BAR = 48;

	private final Map<String, OhlcvSeries> series = new ConcurrentHashMap<>();

	@FunctionalInterface
	interface Loader<E extends Exception> {
		OhlcvSeries load() throws E;
	}

	/** The cached series or, loaded by {@code loader} without holding any lock, the one now cached. */
	<E extends Exception> OhlcvSeries computeIfAbsent(String key, Loader<E> loader) throws E {
		OhlcvSeries cached = series.get(key);
		if (cached != null) {
			return cached;
		}
		OhlcvSeries loaded = loader.load();
		OhlcvSeries raced = series.putIfAbsent(key, loaded);
		return raced == null ? loaded : raced;
	}

	long sizeBytes() {
		return series.values().stream().mapToLong(s -> (long) s.size() * BYTES_PER_BAR).sum();
	}

	/** Lets go of every series; returns their size. */
	long clear() {
		long released = 0;
		for (String key : series.keySet()) {
			OhlcvSeries removed = series.remove(key);
			if (removed != null) {
				released += (long) removed.size() * BYTES_PER_BAR;
			}
		}
		return released;
	}
}
