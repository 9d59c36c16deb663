package io.backstop.indicators.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;
import io.backstop.memory.ManagedCacheRegistry;

/** Inside Equinox: the cache is a DS service and the same live instance is the order-300 Stoppable. */
public class IndicatorCacheIT {

	private static BundleContext context() throws Exception {
		Bundle bundle = FrameworkUtil.getBundle(IndicatorCacheIT.class);
		assertNotNull(bundle, "runs inside OSGi");
		if (bundle.getState() != Bundle.ACTIVE) {
			bundle.start();
		}
		return bundle.getBundleContext();
	}

	private static <T> T await(BundleContext context, Class<T> type) throws Exception {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (System.nanoTime() < deadline) {
			ServiceReference<T> ref = context.getServiceReference(type);
			if (ref != null) {
				T service = context.getService(ref);
				if (service != null) {
					return service;
				}
			}
			Thread.sleep(20);
		}
		throw new AssertionError("no " + type.getSimpleName() + " service within 10 s");
	}

	@Test
	public void cacheAndStopStepAreTheSameLiveComponent() throws Exception {
		BundleContext context = context();
		IndicatorCache cache = await(context, IndicatorCache.class);
		await(context, Stoppable.class);
		Collection<ServiceReference<Stoppable>> refs = context.getServiceReferences(Stoppable.class,
				"(" + Stoppable.ORDER + "=300)");
		ServiceReference<Stoppable> ref = refs.stream()
				.filter(r -> "io.backstop.indicators".equals(r.getBundle().getSymbolicName())).findFirst().orElseThrow();
		assertEquals(300, ref.getProperty(Stoppable.ORDER));
		Stoppable step = context.getService(ref);
		try {
			assertEquals("indicators.cache", step.id());
			assertSame(cache, step, "the step clears the live cache, not a new instance");

			cache.getOrCompute(new IndicatorKey("it-fingerprint", "sma", 3), () -> new double[][] { new double[1000] });
			assertTrue(cache.stats().memoryEntries() >= 1);
			StepResult result = step.stop(
					StopContext.of(new StopRequest("test", "test", true), Duration.ofSeconds(5), line -> { }));
			assertEquals(StepStatus.CLEANED, result.status());
			assertTrue(result.bytesReleased() >= 8000, "released " + result.bytesReleased());
			assertEquals(0, cache.stats().memoryEntries());
			assertEquals(0, cache.stats().diskEntries());
		} finally {
			context.ungetService(ref);
		}
	}

	@Test
	public void theMemoryManagerListsAndEmptiesTheLiveMemoryTier() throws Exception {
		BundleContext context = context();
		IndicatorCache cache = await(context, IndicatorCache.class);
		ManagedCacheRegistry registry = await(context, ManagedCacheRegistry.class);
		cache.getOrCompute(new IndicatorKey("it-managed", "ema", 5), () -> new double[][] { new double[2000] });

		ManagedCacheRegistry.CacheSize listed = registry.caches().stream()
				.filter(c -> c.name().equals("indicators.memory")).findFirst()
				.orElseThrow(() -> new AssertionError("indicator cache not registered as a managed cache"));
		assertTrue(listed.sizeBytes() >= 16_000, "size " + listed.sizeBytes());

		ManagedCacheRegistry.CacheRelease released = registry.clearAll().stream()
				.filter(c -> c.name().equals("indicators.memory")).findFirst().orElseThrow();
		assertTrue(released.ok() && released.bytesReleased() >= 16_000, released.toString());
		assertEquals(0, cache.stats().memoryEntries());
	}
}
