package io.backstop.estop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.WorkRefusedException;

/** The coordinator as the DS runtime wires it, with Stoppables registered by several bundles. */
class EmergencyStopIT {

	private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();
	private BundleContext context;
	private EmergencyStop emergencyStop;
	/** Steps other bundles in this runtime registered (the memory manager's); the assertions leave them out. */
	private Set<String> othersSteps;

	@BeforeEach
	void findCoordinator() throws InterruptedException {
		context = FrameworkUtil.getBundle(EmergencyStopIT.class).getBundleContext();
		ServiceTracker<EmergencyStop, EmergencyStop> tracker = new ServiceTracker<>(context, EmergencyStop.class, null);
		tracker.open();
		emergencyStop = tracker.waitForService(10_000);
		assertNotNull(emergencyStop, "the coordinator was not registered by DS");
		othersSteps = emergencyStop.plannedSteps().stream().map(PlannedStep::id).collect(Collectors.toSet());
	}

	private List<StepReport> ownSteps(StopReport report) {
		return report.steps().stream().filter(step -> !othersSteps.contains(step.id())).toList();
	}

	private boolean isOwn(Event event) {
		Object step = event.getProperty(StopEvents.STEP);
		Object finished = event.getProperty(StopEvents.STEP_REPORT);
		String id = step instanceof PlannedStep planned ? planned.id()
				: finished instanceof StepReport report ? report.id() : null;
		return id == null || !othersSteps.contains(id);
	}

	@AfterEach
	void cleanUp() {
		for (ServiceRegistration<?> registration : registrations) {
			try {
				registration.unregister();
			} catch (IllegalStateException alreadyGone) {
				// the test unregistered it itself
			}
		}
		emergencyStop.reset();
	}

	@Test
	void stepsRegisteredByDifferentBundlesInRandomOrderRunByOrder() throws Exception {
		List<String> ran = new CopyOnWriteArrayList<>();
		List<Integer> orders = new ArrayList<>(List.of(600, 100, 500, 300, 200, 400, 300));
		Collections.shuffle(orders);
		Bundle[] bundles = context.getBundles();
		for (int i = 0; i < orders.size(); i++) {
			int order = orders.get(i);
			String id = "step-" + order + "-" + i;
			register(bundles[(i * 7) % bundles.length].getBundleContext() == null ? context
					: bundles[(i * 7) % bundles.length].getBundleContext(), recording(id, ran), order, null);
		}

		StopReport report = stop();

		List<Integer> reportedOrders = ownSteps(report).stream().map(StepReport::order).toList();
		assertEquals(orders.stream().sorted().toList(), reportedOrders);
		List<Integer> ranOrders = ran.stream().map(id -> Integer.parseInt(id.split("-")[1])).toList();
		assertEquals(orders.stream().sorted().toList(), ranOrders, "execution order");
		assertTrue(ownSteps(report).stream().map(StepReport::bundle).distinct().count() > 1, "bundles named");
		assertTrue(ownSteps(report).stream().allMatch(s -> s.status() == StepStatus.CLEANED));
		assertEquals(7, ownSteps(report).stream().mapToInt(s -> s.componentsCleaned().size()).sum());
	}

	@Test
	void failingHangingLeavingAndArrivingStepsAreEachReportedRight() throws Exception {
		register(context, step("throws", c -> {
			throw new IllegalStateException("cache directory is read-only");
		}), 100, null);
		CountDownLatch hangingStarted = new CountDownLatch(1);
		register(context, step("hangs", c -> {
			hangingStarted.countDown();
			new CountDownLatch(1).await();
			return StepResult.cleaned("never", 0, List.of());
		}), 100, 300L);
		AtomicReference<ServiceRegistration<?>> leaving = new AtomicReference<>();
		leaving.set(register(context, step("leaves", c -> {
			leaving.get().unregister();
			return StepResult.cleaned("released and went away", 1024, List.of("leaving"));
		}), 200, null));
		register(context, step("registers-another", c -> {
			register(context, step("arrived", ignored -> StepResult.cleaned("late arrival", 0, List.of("late"))), 400,
					null);
			return StepResult.skipped("nothing to release");
		}), 300, null);

		long started = System.nanoTime();
		StopReport report = stop();
		long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

		assertEquals(StepStatus.FAILED, status(report, "throws"));
		assertTrue(detail(report, "throws").contains("cache directory is read-only"));
		assertEquals(StepStatus.TIMED_OUT, status(report, "hangs"));
		assertEquals(StepStatus.CLEANED, status(report, "leaves"));
		assertEquals(1024, report.steps().stream().filter(s -> s.id().equals("leaves")).findFirst().orElseThrow()
				.bytesReleased());
		assertEquals(StepStatus.SKIPPED, status(report, "registers-another"));
		assertEquals(StepStatus.CLEANED, status(report, "arrived"), "registered during the stop, its band still to come");
		assertTrue(elapsedMillis < 300 + 1500, "a hanging step delays the stop by its deadline only: " + elapsedMillis);
		assertEquals(2, report.errors().size());
		assertEquals(List.of("hangs", "throws", "leaves", "registers-another", "arrived"),
				ownSteps(report).stream().map(StepReport::id).toList());
	}

	@Test
	void fiftySimultaneousRequestsShareOneRun() throws Exception {
		AtomicLong runs = new AtomicLong();
		register(context, step("slow", c -> {
			runs.incrementAndGet();
			Thread.sleep(200);
			return StepResult.cleaned("done", 0, List.of("slow"));
		}), 100, null);
		int historyBefore = emergencyStop.history(1000).size();
		ExecutorService pool = Executors.newFixedThreadPool(50);
		CountDownLatch go = new CountDownLatch(1);
		List<Future<StopReport>> futures = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			futures.add(pool.submit(() -> {
				go.await();
				return emergencyStop.requestStop(StopRequest.of("load test", "test")).get(10, TimeUnit.SECONDS);
			}));
		}
		go.countDown();
		Set<String> ids = futures.stream().map(f -> {
			try {
				return f.get(15, TimeUnit.SECONDS).id();
			} catch (Exception e) {
				throw new AssertionError(e);
			}
		}).collect(Collectors.toSet());
		pool.shutdown();

		assertEquals(1, ids.size(), "every request got the same report");
		assertEquals(1, runs.get(), "the step ran once");
		assertEquals(Math.min(100, historyBefore + 1), emergencyStop.history(1000).size());
	}

	@Test
	void pollingWorkHaltsAndNewWorkIsRefusedUntilReset() throws Exception {
		StopSignal signal = emergencyStop.signal();
		AtomicLong iterations = new AtomicLong();
		Thread worker = new Thread(() -> {
			while (!signal.isRaised()) {
				iterations.incrementAndGet();
			}
		});
		worker.start();
		CountDownLatch unblocked = new CountDownLatch(1);
		try (StopSignal.Registration registration = signal.onRaise(unblocked::countDown)) {
			CompletableFuture<StopReport> stop = emergencyStop.requestStop(StopRequest.of("test", "test"));
			assertTrue(signal.isRaised(), "raised as soon as the request returns");
			assertTrue(unblocked.await(1, TimeUnit.SECONDS), "blocked work was called back");
			worker.join(1000);
			assertFalse(worker.isAlive(), "the polling loop halted");
			stop.get(10, TimeUnit.SECONDS);
		}
		long halted = iterations.get();
		WorkRefusedException refused = assertThrows(WorkRefusedException.class, () -> signal.ensureLowered("Sweep"));
		assertTrue(refused.getMessage().startsWith("Sweep refused"), refused.getMessage());

		emergencyStop.reset();

		assertFalse(signal.isRaised());
		signal.ensureLowered("Sweep");
		assertEquals(halted, iterations.get());
	}

	@Test
	void progressIsPostedStepByStepOnEventAdmin() throws Exception {
		List<Event> events = new CopyOnWriteArrayList<>();
		CountDownLatch finished = new CountDownLatch(1);
		Dictionary<String, Object> topics = new Hashtable<>();
		topics.put(EventConstants.EVENT_TOPIC, StopEvents.TOPIC_ALL);
		registrations.add(context.registerService(EventHandler.class, event -> {
			events.add(event);
			if (event.getTopic().equals(StopEvents.FINISHED)) {
				finished.countDown();
			}
		}, topics));
		register(context, step("first", c -> {
			c.progress("halfway");
			return StepResult.cleaned("one", 10, List.of("a"));
		}), 100, null);
		register(context, step("second", c -> StepResult.skipped("nothing there")), 200, null);

		StopReport report = stop();

		assertTrue(finished.await(5, TimeUnit.SECONDS), "FINISHED posted");
		List<String> topicsSeen = events.stream().filter(this::isOwn).map(Event::getTopic).toList();
		assertEquals(List.of(StopEvents.STARTED, StopEvents.STEP_STARTED, StopEvents.STEP_PROGRESS,
				StopEvents.STEP_FINISHED, StopEvents.STEP_STARTED, StopEvents.STEP_FINISHED, StopEvents.FINISHED),
				topicsSeen);
		assertEquals(report, events.get(events.size() - 1).getProperty(StopEvents.REPORT));
		assertTrue(report.before().processResidentBytes() > 0 && report.after().heapUsedBytes() > 0);
		assertTrue(report.gcCollections() >= 0);
	}

	@Test
	void aCallbackThatThrowsOutOfMemoryErrorDoesNotPreventTheStepsOrTheReport() throws Exception {
		List<String> ran = new CopyOnWriteArrayList<>();
		register(context, recording("after-the-error", ran), 100, null);
		CountDownLatch laterCallback = new CountDownLatch(1);
		try (StopSignal.Registration throwing = emergencyStop.signal().onRaise(() -> {
			throw new OutOfMemoryError("Java heap space");
		}); StopSignal.Registration later = emergencyStop.signal().onRaise(laterCallback::countDown)) {

			StopReport report = stop();

			assertTrue(emergencyStop.signal().isRaised());
			assertEquals(List.of("after-the-error"), ran, "the steps ran");
			assertEquals(StepStatus.CLEANED, status(report, "after-the-error"));
			assertTrue(laterCallback.await(1, TimeUnit.SECONDS), "the other callbacks ran");
			assertTrue(report.errors().contains("estop.callbacks: 1 of 2 threw: OutOfMemoryError: Java heap space"),
					report.errors().toString());
			assertFalse(emergencyStop.isStopping());
		}
	}

	@Test
	void aCallbackThatBlocksForeverHoldsTheStepsOnlyForItsBound() throws Exception {
		CountDownLatch never = new CountDownLatch(1);
		AtomicLong stepStartedNanos = new AtomicLong();
		register(context, step("halts", c -> {
			stepStartedNanos.set(System.nanoTime());
			return StepResult.cleaned("halted", 0, List.of("worker"));
		}), 100, null);
		try (StopSignal.Registration blocking = emergencyStop.signal().onRaise(() -> {
			try {
				never.await();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		})) {
			long requested = System.nanoTime();
			CompletableFuture<StopReport> stop = CompletableFuture
					.supplyAsync(() -> emergencyStop.requestStop(StopRequest.of("test", "test")))
					.thenCompose(future -> future);

			StopReport report = stop.get(10, TimeUnit.SECONDS);

			long waitedMillis = TimeUnit.NANOSECONDS.toMillis(stepStartedNanos.get() - requested);
			System.out.println("[EmergencyStopIT] step started " + waitedMillis + " ms after the request; callback bound 100 ms");
			assertTrue(waitedMillis < 2000, "the steps waited for the blocked callback: " + waitedMillis + " ms");
			assertEquals(StepStatus.CLEANED, status(report, "halts"));
			assertEquals(StepStatus.FAILED, status(report, "estop.callbacks"));
			assertTrue(report.errors().get(0).contains("did not return in time"), report.errors().toString());
		} finally {
			never.countDown();
		}
	}

	@Test
	void workHaltedIsTheEndOfTheLastHaltingStepAndComesAfterWorkBlocked() throws Exception {
		register(context, step("halts", c -> {
			Thread.sleep(50);
			return StepResult.cleaned("halted", 0, List.of("worker"));
		}), 100, null);
		register(context, step("releases", c -> {
			Thread.sleep(50);
			return StepResult.cleaned("released", 0, List.of("cache"));
		}), 300, null);

		StopReport report = stop();

		StepReport halts = ownSteps(report).get(0);
		StepReport releases = ownSteps(report).get(1);
		assertFalse(report.workBlockedAt().isBefore(report.timestamp()), "blocked after the request");
		assertTrue(report.workBlockedAt().isBefore(halts.started()), "blocked before any step began");
		assertFalse(report.workHaltedAt().isBefore(halts.started().plusMillis(halts.durationMillis())),
				"halted when the halting step ended");
		assertFalse(report.workHaltedAt().isAfter(releases.started()), "not when the releasing steps ran");
		assertTrue(report.summary().contains("new work blocked after"), report.summary());
	}

	private StopReport stop() throws Exception {
		return emergencyStop.requestStop(StopRequest.of("test", "test")).get(20, TimeUnit.SECONDS);
	}

	private ServiceRegistration<?> register(BundleContext by, Stoppable stoppable, int order, Long timeoutMillis) {
		Dictionary<String, Object> properties = new Hashtable<>();
		properties.put(Stoppable.ORDER, order);
		if (timeoutMillis != null) {
			properties.put(Stoppable.TIMEOUT_MS, timeoutMillis);
		}
		ServiceRegistration<?> registration = by.registerService(Stoppable.class, stoppable, properties);
		registrations.add(registration);
		return registration;
	}

	private static StepStatus status(StopReport report, String id) {
		return report.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().status();
	}

	private static String detail(StopReport report, String id) {
		return report.steps().stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow().detail();
	}

	private static Stoppable recording(String id, List<String> ran) {
		return step(id, c -> {
			ran.add(id);
			return StepResult.cleaned("cleaned " + id, 0, List.of(id));
		});
	}

	interface Body {
		StepResult run(io.backstop.estop.api.StopContext context) throws Exception;
	}

	private static Stoppable step(String id, Body body) {
		return new Stoppable() {
			@Override
			public String id() {
				return id;
			}

			@Override
			public String label() {
				return "Test step " + id;
			}

			@Override
			public StepResult stop(io.backstop.estop.api.StopContext context) throws Exception {
				return body.run(context);
			}
		};
	}
}
