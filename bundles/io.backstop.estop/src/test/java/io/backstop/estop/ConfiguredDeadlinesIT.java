package io.backstop.estop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;

/**
 * A deadline set in the coordinator's configuration (as the preferences dialog does) governs the
 * next stop; a bad value is one line in the log and keeps the previous deadline.
 */
class ConfiguredDeadlinesIT {

	@Test
	void aConfiguredDeadlineOverridesTheStepsOwnAndBoundsTheStop() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(ConfiguredDeadlinesIT.class).getBundleContext();
		EmergencyStop emergencyStop = service(context, EmergencyStop.class);
		// the test runtime installs Configuration Admin but, unlike the product, does not start it
		for (Bundle bundle : context.getBundles()) {
			if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
				bundle.start();
			}
		}
		ConfigurationAdmin configurationAdmin = service(context, ConfigurationAdmin.class);
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(Stoppable.ORDER, 100);
		properties.put(Stoppable.TIMEOUT_MS, 20_000L);
		ServiceRegistration<Stoppable> registration = context.registerService(Stoppable.class, new Stoppable() {
			@Override
			public String id() {
				return "test.slow";
			}

			@Override
			public String label() {
				return "A step slower than its configured deadline";
			}

			@Override
			public StepResult stop(io.backstop.estop.api.StopContext stopContext) throws InterruptedException {
				Thread.sleep(10_000);
				return StepResult.cleaned("too late", 0, List.of());
			}
		}, properties);
		Configuration configuration = configurationAdmin.getConfiguration(EmergencyStop.PID, "?");
		try {
			assertEquals(20_000, planned(emergencyStop).timeoutMillis(), "the step's own deadline at first");

			Hashtable<String, Object> deadlines = new Hashtable<>();
			deadlines.put("step.deadlines", new String[] { "test.slow=300" });
			configuration.update(deadlines);
			awaitTrue(() -> planned(emergencyStop).timeoutMillis() == 300, "the configured deadline applied");
			assertArrayEquals(new String[] { "test.slow=300" },
					(String[]) configurationAdmin.getConfiguration(EmergencyStop.PID, "?").getProperties()
							.get("step.deadlines"),
					"kept by Configuration Admin, which persists it");

			try (LogLines log = new LogLines()) {
				Hashtable<String, Object> bad = new Hashtable<>();
				bad.put("step.deadlines", new String[] { "test.slow=soon" });
				configuration.update(bad);
				awaitTrue(() -> log.lines().size() == 1, "one line about the bad value");
				assertTrue(log.lines().get(0).startsWith(
						"io.backstop.estop: step.deadlines: \"test.slow=soon\" is not <step id>=<milliseconds above 0>; keeping"),
						log.lines().get(0));
				bad.put("step.deadlines", new String[] { "test.slow=300" });
				bad.put("default.timeout.ms", "soon");
				configuration.update(bad);
				awaitTrue(() -> log.lines().size() == 2, "one line about the value that is no number");
				assertTrue(log.lines().get(1).startsWith("io.backstop.estop: default.timeout.ms: "), log.lines().get(1));
				assertEquals(300, planned(emergencyStop).timeoutMillis(), "the previous deadline kept");
			}

			long started = System.nanoTime();
			StopReport report = emergencyStop.requestStop(StopRequest.of("deadline test", "test")).get(30, TimeUnit.SECONDS);
			long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

			StepReport slow = report.steps().stream().filter(s -> s.id().equals("test.slow")).findFirst().orElseThrow();
			assertEquals(StepStatus.TIMED_OUT, slow.status());
			assertTrue(millis < 5_000, "bounded by the configured 300 ms, not the declared 20 s: " + millis + " ms");
		} finally {
			configuration.delete();
			registration.unregister();
			emergencyStop.reset();
		}
	}

	private static PlannedStep planned(EmergencyStop emergencyStop) {
		return emergencyStop.plannedSteps().stream().filter(s -> s.id().equals("test.slow")).findFirst().orElseThrow();
	}

	private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("not within 10 s: " + what);
			}
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
