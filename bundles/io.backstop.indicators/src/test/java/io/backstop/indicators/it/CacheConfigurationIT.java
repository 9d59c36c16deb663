package io.backstop.indicators.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.TypedConfiguration;
import io.backstop.indicators.IndicatorCache;

/** The cache's limits set through Configuration Admin reach the running cache; a bad one changes nothing. */
public class CacheConfigurationIT {

	@Test
	public void aConfiguredLimitReachesTheLiveCacheIsKeptAndABadOneIsOneLineInTheLog() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(CacheConfigurationIT.class).getBundleContext();
		// the test runtime installs Configuration Admin but, unlike the product, does not start it
		for (Bundle bundle : context.getBundles()) {
			if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
				bundle.start();
			}
		}
		IndicatorCache cache = service(context, IndicatorCache.class);
		ConfigurationAdmin admin = service(context, ConfigurationAdmin.class);
		Configuration configuration = admin.getConfiguration(IndicatorCache.PID, "?");
		List<String> lines = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {
			@Override
			public void publish(LogRecord record) {
				lines.add(record.getMessage());
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}
		};
		Logger log = Logger.getLogger(TypedConfiguration.class.getName());
		log.addHandler(handler);
		try {
			assertEquals(256L << 20, cache.stats().memoryMaxBytes(), "the default");
			Hashtable<String, Object> properties = new Hashtable<>();
			properties.put("memory.max.mb", 64L);
			properties.put("disk.max.mb", 512L);
			configuration.update(properties);
			awaitTrue(() -> cache.stats().memoryMaxBytes() == 64L << 20, "the new memory limit applied");
			assertEquals(512L << 20, cache.stats().diskMaxBytes());
			assertEquals(64L, admin.getConfiguration(IndicatorCache.PID, "?").getProperties().get("memory.max.mb"),
					"kept by Configuration Admin, which persists it");

			properties.put("disk.max.mb", 0L);
			configuration.update(properties);
			awaitTrue(() -> lines.size() == 1, "one line about the disk limit");
			assertTrue(lines.get(0).startsWith("io.backstop.indicators.cache: disk.max.mb must be at least 1: 0; keeping "),
					lines.get(0));
			properties.put("disk.max.mb", "plenty");
			configuration.update(properties);
			awaitTrue(() -> lines.size() == 2, "one line about the limit that is no number");
			assertTrue(lines.get(1).startsWith("io.backstop.indicators.cache: disk.max.mb: "), lines.get(1));
			assertEquals(512L << 20, cache.stats().diskMaxBytes(), "the previous limit kept");
		} finally {
			log.removeHandler(handler);
			configuration.delete();
		}
		awaitTrue(() -> cache.stats().memoryMaxBytes() == 256L << 20, "the default again without a configuration");
	}

	private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + 10_000_000_000L;
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < deadline, "not within 10 s: " + what);
			Thread.sleep(20);
		}
	}

	private static <T> T service(BundleContext context, Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T service = tracker.waitForService(10_000);
		assertNotNull(service, type.getSimpleName() + " service");
		return service;
	}
}
