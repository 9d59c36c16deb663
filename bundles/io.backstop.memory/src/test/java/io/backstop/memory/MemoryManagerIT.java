package io.backstop.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.TypedConfiguration;

/**
 * The memory bundle inside Equinox with Felix SCR and the real EventAdmin: caches registered
 * as services, the cache and GC steps, and the monitor reading a scripted source that this
 * test registers above the OSHI one.
 */
class MemoryManagerIT {

	private static final long WAIT_SECONDS = 10;

	private final BundleContext context = FrameworkUtil.getBundle(MemoryManagerIT.class).getBundleContext();
	private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
	private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();
	private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
	private final ScriptedSource source = new ScriptedSource();
	private MemoryMonitor monitor;
	private Configuration configuration;

	@BeforeEach
	void driveTheMonitorWithAScriptedSource() throws Exception {
		monitor = service(MemoryMonitor.class);
		// the test runtime installs Configuration Admin but, unlike the product, does not start it
		for (Bundle bundle : context.getBundles()) {
			if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
				bundle.start();
			}
		}
		configuration = service(ConfigurationAdmin.class).getConfiguration(MemoryMonitor.PID, "?");
		resetConfiguration();
		register(MemorySource.class, source, Map.of("service.ranking", 1000));
		register(EventHandler.class, (EventHandler) events::add, Map.of(EventConstants.EVENT_TOPIC, MemoryEvents.TOPIC_ALL));
		int before = source.reads();
		drive(50, MemoryLevel.NORMAL); // waits for the event if an earlier state was not NORMAL
		assertTrue(source.reads() > before, "the monitor reads the highest-ranked source");
		events.clear();
	}

	@AfterEach
	void unregister() throws Exception {
		resetConfiguration();
		registrations.forEach(ServiceRegistration::unregister);
		trackers.forEach(ServiceTracker::close);
	}

	private void resetConfiguration() throws Exception {
		configuration.delete();
		configuration = service(ConfigurationAdmin.class).getConfiguration(MemoryMonitor.PID, "?");
		awaitTrue(() -> !monitor.automaticStopEnabled() && monitor.thresholds().equals(MemoryThresholds.DEFAULT),
				"the defaults back");
	}

	/** Sets these keys of the monitor's configuration, keeping the others. */
	private void configure(Map<String, Object> changes) throws Exception {
		Dictionary<String, Object> current = configuration.getProperties();
		Hashtable<String, Object> properties = new Hashtable<>();
		if (current != null) {
			Collections.list(current.keys()).forEach(key -> properties.put(key, current.get(key)));
		}
		properties.putAll(changes);
		configuration.update(properties);
	}

	private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < deadline, "not within " + WAIT_SECONDS + " s: " + what);
			Thread.sleep(20);
		}
	}

	private <T> ServiceRegistration<T> register(Class<T> type, T service, Map<String, ?> properties) {
		ServiceRegistration<T> registration = context.registerService(type, service, FrameworkUtil.asDictionary(properties));
		registrations.add(registration);
		return registration;
	}

	private <T> T service(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		trackers.add(tracker);
		T service = tracker.waitForService(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
		assertNotNull(service, type.getSimpleName() + " not registered");
		return service;
	}

	private Stoppable step(String id, int order) throws Exception {
		for (ServiceReference<Stoppable> ref : context.getServiceReferences(Stoppable.class, "(estop.order=" + order + ")")) {
			Stoppable step = context.getService(ref);
			if (step != null && id.equals(step.id())) {
				return step;
			}
		}
		throw new AssertionError("no Stoppable " + id + " with estop.order=" + order);
	}

	/** Sets system use and samples; waits for the LEVEL_CHANGED event when the level changes. */
	private Event drive(double percent, MemoryLevel expected) throws InterruptedException {
		MemoryLevel before = monitor.latest().level();
		source.systemUsed(percent);
		assertEquals(expected, monitor.sampleNow().level());
		if (before == expected) {
			return null;
		}
		while (true) {
			Event event = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
			assertNotNull(event, "no LEVEL_CHANGED to " + expected);
			if (event.getTopic().equals(MemoryEvents.LEVEL_CHANGED) && expected.name().equals(event.getProperty(MemoryEvents.LEVEL))) {
				return event;
			}
		}
	}

	@Test
	void cachesRegisteredAsServicesAreListedAndClearedByTheStopStep() throws Exception {
		ManagedCacheRegistry registry = service(ManagedCacheRegistry.class);
		TestCache indicators = new TestCache("indicators.memory", 1 << 20, 1 << 20);
		TestCache results = new TestCache("sweep.results", 4096);
		register(ManagedCache.class, indicators, Map.of());
		ServiceRegistration<ManagedCache> resultsRegistration = register(ManagedCache.class, results, Map.of());
		assertTrue(registry.caches().contains(new ManagedCacheRegistry.CacheSize("indicators.memory", 2 << 20)));
		assertTrue(registry.caches().contains(new ManagedCacheRegistry.CacheSize("sweep.results", 4096)));

		StepResult result = step("memory.caches", 300).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(5), line -> { }));
		System.out.println("memory.caches: " + result.status() + " " + result.detail());
		assertEquals(StepStatus.CLEANED, result.status());
		assertTrue(result.componentsCleaned().containsAll(List.of("indicators.memory", "sweep.results")));
		assertEquals(2L << 20, result.counters().get("cache.indicators.memory.bytes"));
		assertEquals(0, indicators.sizeBytes());

		registrations.remove(resultsRegistration);
		resultsRegistration.unregister();
		assertTrue(registry.caches().stream().noneMatch(c -> c.name().equals("sweep.results")), "gone with its service");
	}

	@Test
	void gcStepIsRegisteredInTheReclaimBand() throws Exception {
		StepResult result = step("memory.gc", 500).stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(10), line -> { }));
		System.out.println("memory.gc: " + result.status() + " " + result.detail());
		assertEquals(StepStatus.CLEANED, result.status());
	}

	@Test
	void thresholdsCrossedArePostedOnEventAdmin() throws Exception {
		assertEquals(MemoryThresholds.DEFAULT, monitor.thresholds());
		Event warning = drive(77, MemoryLevel.WARNING);
		assertEquals("NORMAL", warning.getProperty(MemoryEvents.PREVIOUS_LEVEL));
		assertEquals(75.0, warning.getProperty(MemoryEvents.THRESHOLD_PERCENT));
		assertNull(drive(79, MemoryLevel.WARNING));
		drive(85, MemoryLevel.HIGH);
		Event critical = drive(95, MemoryLevel.CRITICAL);
		assertEquals(95.0, (Double) critical.getProperty(MemoryEvents.SYSTEM_USED_PERCENT), 0.01);
		assertEquals(95.0, (Double) critical.getProperty(MemoryEvents.PRESSURE_PERCENT), 0.01);
		MemorySample sample = (MemorySample) critical.getProperty(MemoryEvents.SAMPLE);
		assertEquals(ScriptedSource.TOTAL, sample.systemTotalBytes());
		Event normal = drive(40, MemoryLevel.NORMAL);
		assertEquals("CRITICAL", normal.getProperty(MemoryEvents.PREVIOUS_LEVEL));
		assertEquals(MemoryLevel.NORMAL, monitor.latest().level());
	}

	@Test
	void automaticStopFiresOnceAtCriticalWhenEnabled() throws Exception {
		CountingEmergencyStop stop = new CountingEmergencyStop();
		register(EmergencyStop.class, stop, Map.of());
		configure(Map.of("automatic.stop", true));
		awaitTrue(monitor::automaticStopEnabled, "the automatic stop on");
		drive(92, MemoryLevel.CRITICAL); // the stop is requested before the event is posted
		assertEquals(1, stop.requests.size());
		assertEquals("memory-monitor", stop.requests.get(0).requestedBy());
		drive(97, MemoryLevel.CRITICAL);
		assertEquals(1, stop.requests.size(), "still critical: no second stop");
		drive(70, MemoryLevel.NORMAL);
		drive(91, MemoryLevel.CRITICAL);
		assertEquals(2, stop.requests.size(), "a new crossing stops again");
		drive(50, MemoryLevel.NORMAL);
	}

	@Test
	void automaticStopNeverFiresWhenDisabled() throws Exception {
		CountingEmergencyStop stop = new CountingEmergencyStop();
		register(EmergencyStop.class, stop, Map.of());
		assertTrue(!monitor.automaticStopEnabled());
		drive(99, MemoryLevel.CRITICAL);
		drive(60, MemoryLevel.NORMAL);
		drive(95, MemoryLevel.CRITICAL);
		assertTrue(stop.requests.isEmpty(), "disabled by default: " + stop.requests);
		drive(50, MemoryLevel.NORMAL);
	}

	@Test
	void aConfiguredValueReachesTheRunningMonitorIsKeptByConfigurationAdminAndABadOneChangesNothing() throws Exception {
		configure(Map.of("threshold.warning", 50.0, "threshold.high", 60.0, "threshold.critical", 70.0,
				"sample.interval.ms", 500L));
		awaitTrue(() -> monitor.thresholds().equals(new MemoryThresholds(50, 60, 70)), "the new thresholds applied");
		assertEquals(500, monitor.sampleIntervalMillis());
		drive(65, MemoryLevel.HIGH);
		Dictionary<String, Object> stored = service(ConfigurationAdmin.class).getConfiguration(MemoryMonitor.PID, "?")
				.getProperties();
		assertEquals(60.0, stored.get("threshold.high"), "kept by Configuration Admin, which persists it");

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
			configure(Map.of("threshold.high", 95.0));
			awaitTrue(() -> lines.size() == 1, "one line about the thresholds out of order");
			assertEquals("io.backstop.memory.monitor: thresholds must rise within (0, 100]: warning 50.0, high 95.0, "
					+ "critical 70.0; keeping thresholds 50/60/70 %, sample every 500 ms, automatic stop off", lines.get(0));
			configure(Map.of("threshold.high", 60.0, "sample.interval.ms", "often"));
			awaitTrue(() -> lines.size() == 2, "one line about the interval that is no number");
			assertTrue(lines.get(1).startsWith("io.backstop.memory.monitor: sample.interval.ms: "), lines.get(1));
		} finally {
			log.removeHandler(handler);
		}
		assertEquals(new MemoryThresholds(50, 60, 70), monitor.thresholds(), "the previous thresholds kept");
		assertEquals(500, monitor.sampleIntervalMillis());
	}
}
