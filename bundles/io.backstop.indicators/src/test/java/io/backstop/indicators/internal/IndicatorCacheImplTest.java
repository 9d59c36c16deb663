package io.backstop.indicators.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

class IndicatorCacheImplTest {

	@TempDir
	Path dir;

	/** A clock tests move by hand. */
	static final class ManualClock extends Clock {
		Instant now = Instant.parse("2026-01-01T00:00:00Z");

		@Override
		public java.time.ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return now;
		}
	}

	private final ManualClock clock = new ManualClock();

	private static double[][] column(int n, double seed) {
		double[] v = new double[n];
		for (int i = 0; i < n; i++) {
			v[i] = seed + i;
		}
		return new double[][] { v };
	}

	private static IndicatorKey key(int period) {
		return new IndicatorKey("f00d", "sma", period);
	}

	private IndicatorCacheImpl cache(long memoryMax, long diskMax) {
		return new IndicatorCacheImpl(dir, memoryMax, diskMax, Duration.ofHours(1), clock);
	}

	@Test
	void computesOnceThenHitsMemory() {
		IndicatorCacheImpl cache = cache(1 << 20, 1 << 20);
		AtomicInteger computed = new AtomicInteger();
		double[][] a = cache.getOrCompute(key(5), () -> {
			computed.incrementAndGet();
			return column(100, 1);
		});
		double[][] b = cache.getOrCompute(key(5), () -> {
			computed.incrementAndGet();
			return column(100, 2);
		});
		assertSame(a, b);
		assertEquals(1, computed.get());
		IndicatorCache.Stats s = cache.stats();
		assertEquals(1, s.memoryHits());
		assertEquals(1, s.misses());
		assertEquals(1, s.memoryEntries());
		assertEquals(IndicatorCacheImpl.sizeOf(a), s.memoryBytes());
		assertEquals(1, s.diskEntries());
	}

	@Test
	void keysDifferByFingerprintIndicatorAndParameters() {
		assertEquals(new IndicatorKey("a", "bollinger", 20, 2.0), new IndicatorKey("a", "bollinger", 20, 2.0));
		assertFalse(new IndicatorKey("a", "bollinger", 20, 2.0).equals(new IndicatorKey("a", "bollinger", 20, 2.5)));
		assertFalse(new IndicatorKey("a", "sma", 20).equals(new IndicatorKey("b", "sma", 20)));
		assertFalse(new IndicatorKey("a", "sma", 20).equals(new IndicatorKey("a", "ema", 20)));
		assertEquals("bollinger(20,2.5)@a", new IndicatorKey("a", "bollinger", 20, 2.5).text());
	}

	@Test
	void memoryIsAnLruBoundedInBytes() {
		long one = IndicatorCacheImpl.sizeOf(column(1000, 0));
		IndicatorCacheImpl cache = new IndicatorCacheImpl(null, 3 * one, 0, Duration.ofHours(1), clock);
		for (int p = 1; p <= 3; p++) {
			int seed = p;
			cache.getOrCompute(key(p), () -> column(1000, seed));
		}
		cache.getOrCompute(key(1), () -> column(1000, 99)); // touch 1: 2 is now the eldest
		cache.getOrCompute(key(4), () -> column(1000, 4));
		assertEquals(List.of(key(3), key(1), key(4)), cache.memoryKeys());
		assertTrue(cache.stats().memoryBytes() <= 3 * one);
		assertEquals(3, cache.stats().memoryEntries());
	}

	@Test
	void diskEntriesSurviveANewInstanceAndTheIndexIsWritten() throws IOException {
		IndicatorCacheImpl first = cache(1 << 20, 1 << 20);
		double[][] value = first.getOrCompute(key(7), () -> column(500, 3));
		assertTrue(Files.isRegularFile(first.diskFile(key(7))));
		assertTrue(Files.readString(dir.resolve(IndicatorCacheImpl.INDEX)).contains("sma(7)@f00d"));
		try (Stream<Path> files = Files.list(dir)) {
			assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary files left");
		}

		IndicatorCacheImpl second = cache(1 << 20, 1 << 20);
		double[][] again = second.getOrCompute(key(7), () -> {
			throw new AssertionError("must come from disk");
		});
		assertArrayEquals(value[0], again[0]);
		assertEquals(1, second.stats().diskHits());
		assertEquals(List.of("sma(7)@f00d"), second.diskKeys());
	}

	@Test
	void damagedFileIsIgnoredDeletedAndRecomputed() throws IOException {
		IndicatorCacheImpl first = cache(1 << 20, 1 << 20);
		first.getOrCompute(key(9), () -> column(500, 3));
		Path file = first.diskFile(key(9));
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length / 2] ^= 0x55;
		Files.write(file, bytes);

		IndicatorCacheImpl second = cache(1 << 20, 1 << 20);
		AtomicInteger computed = new AtomicInteger();
		double[][] v = second.getOrCompute(key(9), () -> {
			computed.incrementAndGet();
			return column(500, 3);
		});
		assertEquals(1, computed.get());
		assertEquals(3.0, v[0][0]);
		assertEquals(1, second.stats().damaged());
		// rewritten intact
		assertArrayEquals(v[0], IndicatorCacheImpl.read(file).value()[0]);
	}

	@Test
	void truncatedFileAndGarbageIndexAreSurvived() throws IOException {
		IndicatorCacheImpl first = cache(1 << 20, 1 << 20);
		first.getOrCompute(key(3), () -> column(500, 3));
		first.getOrCompute(key(4), () -> column(500, 4));
		Path file = first.diskFile(key(3));
		Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 100));
		Files.writeString(dir.resolve(IndicatorCacheImpl.INDEX), "garbage\tline\n");

		IndicatorCacheImpl second = cache(1 << 20, 1 << 20);
		assertEquals(List.of("sma(4)@f00d"), second.diskKeys());
		assertFalse(Files.exists(file));
		assertEquals(4.0, second.getOrCompute(key(4), () -> column(1, -1))[0][0]);
	}

	@Test
	void expiredEntriesAreMissesAndPruned() {
		IndicatorCacheImpl cache = cache(1 << 20, 1 << 20);
		cache.getOrCompute(key(1), () -> column(100, 1));
		clock.now = clock.now.plus(Duration.ofMinutes(30));
		cache.getOrCompute(key(2), () -> column(100, 2));
		clock.now = clock.now.plus(Duration.ofMinutes(40)); // key 1 is 70 min old, key 2 40 min
		IndicatorCache.Released pruned = cache.pruneDisk(false);
		assertEquals(1, pruned.entries());
		assertEquals(List.of("sma(2)@f00d"), cache.diskKeys());

		cache.clearMemory();
		clock.now = clock.now.plus(Duration.ofMinutes(30));
		AtomicInteger computed = new AtomicInteger();
		cache.getOrCompute(key(2), () -> {
			computed.incrementAndGet();
			return column(100, 2);
		});
		assertEquals(1, computed.get(), "expired entry is recomputed");
	}

	@Test
	void diskSizeCapEvictsLeastRecentlyUsed() {
		long entry = IndicatorCacheImpl.size(IndicatorCacheImpl.header(key(1).text(), 0, column(1000, 0)), column(1000, 0));
		IndicatorCacheImpl cache = cache(1 << 20, 2 * entry + entry / 2);
		cache.getOrCompute(key(1), () -> column(1000, 1));
		clock.now = clock.now.plusSeconds(1);
		cache.getOrCompute(key(2), () -> column(1000, 2));
		clock.now = clock.now.plusSeconds(1);
		cache.getOrCompute(key(3), () -> column(1000, 3));
		assertEquals(List.of("sma(2)@f00d", "sma(3)@f00d"), cache.diskKeys());
		assertTrue(cache.stats().diskBytes() <= 2 * entry + entry / 2);
	}

	@Test
	void stopStepClearsMemoryAndPrunesExpiredOrAllDiskEntries() {
		IndicatorCacheImpl cache = cache(1 << 20, 1 << 20);
		cache.getOrCompute(key(1), () -> column(1000, 1));
		clock.now = clock.now.plus(Duration.ofHours(2));
		cache.getOrCompute(key(2), () -> column(1000, 2));
		long memBytes = cache.stats().memoryBytes();

		StepResult r = IndicatorCacheComponent.stopStep(cache, false);
		assertEquals(StepStatus.CLEANED, r.status());
		assertEquals(memBytes, r.bytesReleased());
		assertEquals(2L, r.counters().get("memory.entries"));
		assertEquals(1L, r.counters().get("disk.entries"));
		assertEquals(List.of("indicator cache (memory)", "indicator cache (disk)"), r.componentsCleaned());
		assertEquals(0, cache.stats().memoryEntries());
		assertEquals(1, cache.stats().diskEntries());

		StepResult all = IndicatorCacheComponent.stopStep(cache, true);
		assertEquals(1L, all.counters().get("disk.entries"));
		assertEquals(0, cache.stats().diskEntries());
		assertEquals(StepStatus.SKIPPED, IndicatorCacheComponent.stopStep(cache, true).status());
	}

	@Test
	void threadsAskingForTheSameKeyComputeItOnceAndOtherKeysDoNotWait() throws Exception {
		IndicatorCacheImpl cache = cache(1 << 24, 1 << 24);
		AtomicInteger computed = new AtomicInteger();
		CountDownLatch computing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			Callable<double[][]> slow = () -> cache.getOrCompute(key(7), () -> {
				computed.incrementAndGet();
				computing.countDown();
				await(release);
				return column(1000, 7);
			});
			Future<double[][]> first = pool.submit(slow);
			assertTrue(computing.await(10, TimeUnit.SECONDS));
			Future<double[][]> second = pool.submit(slow);
			// another key is answered while key 7 is being computed
			double[][] other = pool.submit(() -> cache.getOrCompute(key(8), () -> column(10, 8))).get(10, TimeUnit.SECONDS);
			assertEquals(8.0, other[0][0]);
			assertFalse(second.isDone(), "the second asker waits for the first one's value");
			release.countDown();
			assertSame(first.get(10, TimeUnit.SECONDS), second.get(10, TimeUnit.SECONDS));
			assertEquals(1, computed.get());
		} finally {
			release.countDown();
			pool.shutdownNow();
		}
	}

	@Test
	void aWaitingThreadLeavesOnItsOwnCancellationAndACancelledComputationIsNotStored() throws Exception {
		IndicatorCacheImpl cache = cache(1 << 24, 1 << 24);
		CountDownLatch computing = new CountDownLatch(1);
		AtomicBoolean stopFirst = new AtomicBoolean();
		AtomicBoolean stopSecond = new AtomicBoolean();
		ExecutorService pool = Executors.newFixedThreadPool(2);
		try {
			Future<double[][]> first = pool.submit(() -> cache.getOrCompute(key(3), () -> {
				computing.countDown();
				while (!stopFirst.get()) {
					Thread.onSpinWait();
				}
				throw new CancellationException("cancelled");
			}, stopFirst::get));
			assertTrue(computing.await(10, TimeUnit.SECONDS));
			Future<double[][]> second = pool.submit(() -> cache.getOrCompute(key(3), () -> column(10, 3), stopSecond::get));
			stopSecond.set(true);
			ExecutionException waiting = assertThrows(ExecutionException.class, () -> second.get(10, TimeUnit.SECONDS));
			assertTrue(waiting.getCause() instanceof CancellationException, waiting.toString());
			stopFirst.set(true);
			ExecutionException computingOne = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
			assertTrue(computingOne.getCause() instanceof CancellationException, computingOne.toString());
			assertTrue(cache.getIfPresent(key(3)).isEmpty());
			assertEquals(3.0, cache.getOrCompute(key(3), () -> column(10, 3))[0][0], "computed afresh");
		} finally {
			stopFirst.set(true);
			pool.shutdownNow();
		}
	}

	@Test
	void columnsSpanningManyIoSlicesComeBackFromDiskIntact() {
		// three columns of an odd length: values straddle the slices of the file's buffer
		int n = 3 * IndicatorCacheImpl.IO_SLICE / 8 + 3;
		double[][] value = { column(n, 1)[0], column(n, 0.5)[0], column(n, -7.25)[0] };
		value[2][n / 2] = Double.NaN;
		IndicatorCacheImpl first = cache(1 << 24, 1 << 24);
		first.getOrCompute(key(5), () -> value);
		IndicatorCacheImpl second = cache(1 << 24, 1 << 24);
		double[][] again = second.getOrCompute(key(5), () -> {
			throw new AssertionError("must come from disk");
		});
		assertEquals(3, again.length);
		for (int c = 0; c < 3; c++) {
			assertArrayEquals(value[c], again[c]);
		}
		assertEquals(1, second.stats().diskHits());
	}

	@Test
	void aDiskReadCancelledHalfwayThrowsAndKeepsTheEntry() {
		IndicatorCacheImpl first = cache(1 << 24, 1 << 24);
		first.getOrCompute(key(4), () -> column(100_000, 4));
		IndicatorCacheImpl second = cache(1 << 24, 1 << 24);
		AtomicInteger polls = new AtomicInteger();
		// the first poll is the lookup's own, the second one the file read's
		assertThrows(CancellationException.class,
				() -> second.getOrCompute(key(4), () -> column(1, -1), () -> polls.incrementAndGet() > 1));
		assertEquals(2, polls.get());
		assertEquals(4.0, second.getOrCompute(key(4), () -> column(1, -1))[0][0]);
		assertEquals(1, second.stats().diskHits());
	}

	@Test
	void aWriteCancelledHalfwayKeepsTheValueInMemoryAndLeavesNoFileBehind() throws Exception {
		IndicatorCacheImpl cache = cache(1 << 24, 1 << 24);
		AtomicBoolean computed = new AtomicBoolean();
		AtomicInteger slices = new AtomicInteger();
		// the write polls before each slice: the first slice goes to the file, the second is cancelled
		double[][] value = cache.getOrCompute(key(6), () -> {
			computed.set(true);
			return column(3 * IndicatorCacheImpl.IO_SLICE / 8, 6);
		}, () -> computed.get() && slices.incrementAndGet() > 1);
		assertEquals(6.0, value[0][0]);
		assertEquals(2, slices.get());
		assertFalse(Files.exists(cache.diskFile(key(6))));
		assertEquals(0, cache.stats().diskEntries());
		assertSame(value, cache.getOrCompute(key(6), () -> column(1, -1)), "served from memory");
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!tempFiles().isEmpty() && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		assertEquals(List.of(), tempFiles(), "the abandoned write's temporary file is deleted");
	}

	@Test
	void aNewInstanceDeletesTemporaryFilesACrashLeftBehind() throws IOException {
		Files.createDirectories(dir);
		Path stray = Files.write(dir.resolve(IndicatorCacheImpl.fileName(key(2)) + "5501.tmp"), new byte[100]);
		cache(1 << 20, 1 << 20);
		assertFalse(Files.exists(stray));
	}

	private List<Path> tempFiles() throws IOException {
		try (Stream<Path> files = Files.list(dir)) {
			return files.filter(p -> p.toString().endsWith(".tmp")).toList();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
