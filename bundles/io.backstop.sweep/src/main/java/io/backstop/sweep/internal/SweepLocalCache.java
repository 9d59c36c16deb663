package io.backstop.sweep.internal;

import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * An indicator cache living as long as one sweep, for when no cache service is registered: it
 * holds one entry per distinct indicator and parameter value of the grid, computed once.
 */
final class SweepLocalCache implements IndicatorCache {

	private static final long WAIT_SLICE_MICROS = 500;

	private final ConcurrentMap<IndicatorKey, CompletableFuture<double[][]>> entries = new ConcurrentHashMap<>();

	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute) {
		return getOrCompute(key, compute, () -> false);
	}

	/**
	 * The first thread asking for a key computes it, without a lock; the others wait for it,
	 * polling their own cancellation. A computation that fails or is cancelled leaves no entry.
	 */
	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute, BooleanSupplier cancelled) {
		while (true) {
			if (cancelled.getAsBoolean()) {
				throw new CancellationException("indicator lookup cancelled");
			}
			CompletableFuture<double[][]> mine = new CompletableFuture<>();
			CompletableFuture<double[][]> held = entries.putIfAbsent(key, mine);
			if (held == null) {
				try {
					mine.complete(compute.get());
					return mine.join();
				} catch (RuntimeException | Error e) {
					entries.remove(key, mine);
					mine.completeExceptionally(e);
					throw e;
				}
			}
			try {
				return held.get(WAIT_SLICE_MICROS, TimeUnit.MICROSECONDS);
			} catch (TimeoutException stillComputing) {
				// poll the cancellation, then wait again
			} catch (ExecutionException failed) {
				// the computing thread was cancelled or failed: its entry is gone, try afresh
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new CancellationException("interrupted while waiting for another thread's computation");
			}
		}
	}

	@Override
	public Optional<double[][]> getIfPresent(IndicatorKey key) {
		CompletableFuture<double[][]> held = entries.get(key);
		return held != null && held.isDone() && !held.isCompletedExceptionally() ? Optional.of(held.join())
				: Optional.empty();
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
		for (CompletableFuture<double[][]> held : entries.values()) {
			if (!held.isDone() || held.isCompletedExceptionally()) {
				continue;
			}
			for (double[] c : held.join()) {
				bytes += 16 + 8L * c.length;
			}
		}
		return bytes;
	}
}
