package io.backstop.memory.internal;

import java.util.concurrent.CopyOnWriteArrayList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.memory.ManagedCache;
import io.backstop.memory.ManagedCacheRegistry.CacheRelease;
import io.backstop.memory.ManagedCacheRegistry.CacheSize;
import io.backstop.memory.TestCache;

class ManagedCacheRegistryImplTest {

	private final ManagedCacheRegistryImpl registry = new ManagedCacheRegistryImpl();

	@Test
	void listsCachesAsTheyComeAndGoWithTheirSizes() {
		TestCache indicators = new TestCache("indicators.memory", 1000, 2000);
		TestCache results = new TestCache("sweep.results", 500);
		registry.addCache(indicators);
		registry.addCache(results);
		assertEquals(List.of(new CacheSize("indicators.memory", 3000), new CacheSize("sweep.results", 500)),
				registry.caches());
		assertEquals(3500, registry.totalBytes());
		indicators.put(100);
		assertEquals(3600, registry.totalBytes(), "sizes are live, not remembered");
		registry.removeCache(indicators);
		assertEquals(List.of(new CacheSize("sweep.results", 500)), registry.caches());
	}

	@Test
	void clearAllReleasesEveryCacheAndReportsEach() {
		TestCache a = new TestCache("a", 4096);
		TestCache b = new TestCache("b", 100, 200);
		registry.addCache(a);
		registry.addCache(b);
		List<CacheRelease> releases = registry.clearAll();
		assertEquals(List.of(new CacheRelease("a", 4096, null), new CacheRelease("b", 300, null)), releases);
		assertEquals(0, a.sizeBytes());
		assertEquals(0, b.sizeBytes());
		assertEquals(0, registry.totalBytes());
	}

	@Test
	void aFailingCacheIsReportedAndDoesNotKeepTheOthers() {
		registry.addCache(TestCache.failing("disk", 10));
		TestCache memory = new TestCache("memory", 20);
		registry.addCache(memory);
		registry.addCache(new ManagedCache() {
			@Override
			public String name() {
				return "broken-size";
			}

			@Override
			public long sizeBytes() {
				throw new IllegalStateException("size unknown");
			}

			@Override
			public long clear() {
				return 7;
			}
		});
		assertEquals(-1, registry.caches().get(2).sizeBytes());
		List<CacheRelease> releases = registry.clearAll();
		assertEquals("IllegalStateException: disk cache locked", releases.get(0).error());
		assertFalse(releases.get(0).ok());
		assertEquals(new CacheRelease("memory", 20, null), releases.get(1));
		assertEquals(0, memory.sizeBytes());
		assertEquals(7, releases.get(2).bytesReleased());
	}

	@Test
	void stopStepClearsEveryCacheAndNamesThem() {
		registry.addCache(new TestCache("indicators.memory", 1 << 20));
		registry.addCache(new TestCache("sweep.results", 2048));
		List<String> progress = new CopyOnWriteArrayList<>();
		StopContext context = StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), progress::add);
		StepResult result = new CacheClearStoppable(registry).stop(context);
		assertEquals(StepStatus.CLEANED, result.status());
		assertEquals(List.of("indicators.memory", "sweep.results"), result.componentsCleaned());
		assertEquals((1 << 20) + 2048, result.bytesReleased());
		assertEquals(1L << 20, result.counters().get("cache.indicators.memory.bytes"));
		assertEquals(2048L, result.counters().get("cache.sweep.results.bytes"));
		assertEquals("cleared 2 cache(s), 1.0 MiB (indicators.memory 1.0 MiB, sweep.results 2.0 KiB)", result.detail());
		assertNull(result.error());
		assertEquals(List.of("clearing 2 managed cache(s)"), progress);
		assertEquals(0, registry.totalBytes());
	}

	@Test
	void stopStepSkipsWithoutCachesAndReportsPartialFailures() {
		StepResult none = new CacheClearStoppable(registry).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));
		assertEquals(StepStatus.SKIPPED, none.status());
		assertEquals("no managed caches registered", none.detail());

		registry.addCache(TestCache.failing("disk", 10));
		StepResult allFailed = new CacheClearStoppable(registry).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));
		assertEquals(StepStatus.FAILED, allFailed.status());

		registry.addCache(new TestCache("memory", 64));
		StepResult partial = new CacheClearStoppable(registry).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));
		assertEquals(StepStatus.PARTIAL, partial.status());
		assertEquals(List.of("memory"), partial.componentsCleaned());
		assertEquals("disk: IllegalStateException: disk cache locked", partial.error());
		assertTrue(partial.detail().contains("failed: disk"), partial.detail());
		assertEquals(Map.of("cache.memory.bytes", 64L, "caches.cleared", 1L, "caches.failed", 1L), partial.counters());
	}

	@Test
	void cachesThatHeldNothingAreSkippedNotCleaned() {
		registry.addCache(new TestCache("indicators.memory"));
		registry.addCache(new TestCache("sweep.results"));

		StepResult result = new CacheClearStoppable(registry).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));

		assertEquals(StepStatus.SKIPPED, result.status());
		assertEquals("no managed cache held anything (2 checked)", result.detail());
		assertEquals(0, result.bytesReleased());
		assertTrue(result.componentsCleaned().isEmpty());
	}

	@Test
	void nothingReleasedAndACacheFailingIsAFailureNotACleaning() {
		registry.addCache(new TestCache("memory"));
		registry.addCache(TestCache.failing("disk", 10));

		StepResult result = new CacheClearStoppable(registry).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { }));

		assertEquals(StepStatus.FAILED, result.status());
		assertEquals("disk: IllegalStateException: disk cache locked", result.error());
		assertTrue(result.componentsCleaned().isEmpty());
	}
}
