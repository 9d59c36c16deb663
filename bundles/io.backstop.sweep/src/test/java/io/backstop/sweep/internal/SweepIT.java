package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.IStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.sweep.SweepEvents;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;
import io.backstop.sweep.jobs.SweepJob;

/** The sweep service inside Equinox, wired by DS, halted by the real emergency stop coordinator. */
class SweepIT {

	private static final OhlcvSeries SERIES = SyntheticSeries.generate(11, 60_000);

	private BundleContext context;
	private EmergencyStop emergencyStop;
	private SweepService service;
	private final List<ServiceRegistration<?>> registrations = new CopyOnWriteArrayList<>();

	@BeforeEach
	void findServices() throws InterruptedException {
		context = FrameworkUtil.getBundle(SweepIT.class).getBundleContext();
		emergencyStop = waitFor(EmergencyStop.class);
		service = waitFor(SweepService.class);
		emergencyStop.reset();
	}

	private <T> T waitFor(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(10_000);
		assertNotNull(found, type.getSimpleName() + " was not registered by DS");
		return found;
	}

	@AfterEach
	void cleanUp() throws Exception {
		registrations.forEach(ServiceRegistration::unregister);
		for (SweepHandle h : service.list()) {
			h.cancel();
			h.completion().get(10, TimeUnit.SECONDS);
		}
		emergencyStop.reset();
	}

	/**
	 * 10,854 combinations on 60,000 bars (6.5e8 bar-evaluations): long enough to be stopped while
	 * every core computes, even on a machine with many cores.
	 */
	private static SweepSpec fullLoad() {
		return SweepSpec.builder("bollinger_zscore", SERIES).range("bb_period", 10, 50, 5).range("entry_z", 1.0, 3.0, 0.01)
				.values("k_sl", 0.5, 1, 1.5, 2, 3, 4).topK(10).build();
	}

	private SweepRun internal(SweepHandle handle) {
		return ((SweepServiceComponent) service).engine().run(handle.id()).orElseThrow();
	}

	@Test
	void theHaltStepIsRegisteredInBand100() {
		PlannedStep step = emergencyStop.plannedSteps().stream().filter(s -> s.id().equals("sweep.halt")).findFirst()
				.orElseThrow();
		assertEquals(100, step.order());
		assertEquals("Halt running sweeps", step.label());
		assertEquals("io.backstop.sweep", step.bundle());
	}

	@Test
	void emergencyStopHaltsAFullSweepSavesItAndItResumesToTheSameResults() throws Exception {
		SweepHandle handle = service.start(fullLoad());
		SweepRun run = internal(handle);
		assertEquals(Runtime.getRuntime().availableProcessors(), handle.status().workers());
		while (handle.status().combosDone() < 20) {
			Thread.sleep(2);
		}
		assertEquals(SweepState.RUNNING, handle.status().state());

		StopReport report = emergencyStop.requestStop(StopRequest.of("test", "SweepIT")).get(10, TimeUnit.SECONDS);
		StepReport step = report.steps().stream().filter(s -> s.id().equals("sweep.halt")).findFirst().orElseThrow();
		long evaluated = run.evaluatedCount();
		long bars = run.barsEvaluated();

		assertEquals(StepStatus.CLEANED, step.status(), step.result().detail());
		Map<String, Long> counters = step.result().counters();
		assertEquals(1L, counters.get("sweeps.halted"));
		assertEquals(0L, counters.get("workers.stuck"));
		SweepStatus halted = handle.status();
		assertEquals(SweepState.STOPPED, halted.state());
		assertEquals(halted.combosDone(), counters.get("combos.completed"));
		assertTrue(halted.combosDone() < halted.combosTotal(), "halted part way");
		assertEquals(List.of(handle.id()), step.result().componentsCleaned());
		assertTrue(report.componentsCleaned().contains(handle.id()));
		System.out.printf("sweep.halt: %s; step %d ms%n", step.result().detail(), step.durationMillis());

		Thread.sleep(300);
		assertEquals(evaluated, run.evaluatedCount(), "no worker computes after the stop");
		assertEquals(bars, run.barsEvaluated());
		var rows = Fixtures.rows(halted.resultsFile());
		assertEquals(halted.combosDone(), rows.size(), "the partial results hold every completed combination");
		assertEquals(evaluated, rows.size());
		Checkpoint ck = Checkpoint.read(halted.checkpointFile(), SERIES);
		assertEquals(rows.size(), ck.done());

		assertThrows(WorkRefusedException.class, () -> service.start(fullLoad()), "refused until reset");
		assertThrows(WorkRefusedException.class, () -> service.resume(handle.id()));
		emergencyStop.reset();

		SweepStatus resumed = service.resume(handle.id()).completion().get(60, TimeUnit.SECONDS);
		assertEquals(SweepState.COMPLETED, resumed.state());
		SweepStatus reference = service.start(fullLoad()).completion().get(60, TimeUnit.SECONDS);
		assertEquals(reference.topK(), resumed.topK(), "same top-K and metrics as an uninterrupted run");
		assertEquals(Fixtures.rows(reference.resultsFile()), Fixtures.rows(resumed.resultsFile()),
				"each combination exactly once");
	}

	@Test
	void progressEventsAndACancelledJobCancelTheSweep() throws Exception {
		List<Event> events = new CopyOnWriteArrayList<>();
		Dictionary<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, SweepEvents.TOPIC_ALL);
		registrations.add(context.registerService(EventHandler.class, events::add, props));

		SweepJob job = new SweepJob(service, fullLoad().withWorkers(1));
		job.schedule();
		while (job.handle() == null || job.handle().status().combosDone() < 5
				|| events.stream().noneMatch(e -> e.getTopic().equals(SweepEvents.PROGRESS))) {
			Thread.sleep(10);
		}
		job.cancel();
		assertTrue(job.join(10_000, null), "the Job ended");
		assertEquals(IStatus.CANCEL, job.getResult().getSeverity());
		SweepStatus status = job.handle().completion().get(10, TimeUnit.SECONDS);
		assertEquals(SweepState.CANCELLED, status.state());
		String id = status.id();

		long deadline = System.currentTimeMillis() + 5000;
		while (events.stream().noneMatch(e -> e.getTopic().equals(SweepEvents.FINISHED)) && System.currentTimeMillis() < deadline) {
			Thread.sleep(10);
		}
		List<Event> mine = events.stream().filter(e -> id.equals(e.getProperty(SweepEvents.SWEEP_ID))).toList();
		assertEquals(SweepEvents.STARTED, mine.get(0).getTopic());
		Event progress = mine.stream().filter(e -> e.getTopic().equals(SweepEvents.PROGRESS)).findFirst().orElseThrow();
		assertEquals(10_854L, progress.getProperty(SweepEvents.TOTAL));
		assertTrue(progress.getProperty(SweepEvents.DONE) instanceof Long);
		assertTrue(progress.getProperty(SweepEvents.RATE) instanceof Double);
		assertTrue(progress.getProperty(SweepEvents.STATUS) instanceof SweepStatus);
		Event finished = mine.get(mine.size() - 1);
		assertEquals(SweepEvents.FINISHED, finished.getTopic());
		assertEquals("CANCELLED", finished.getProperty(SweepEvents.STATE));
	}
}
