package io.backstop.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;
import io.backstop.memory.CountingEmergencyStop;
import io.backstop.memory.MemoryEvents;
import io.backstop.memory.MemoryLevel;
import io.backstop.memory.MemorySample;
import io.backstop.memory.MemorySource;
import io.backstop.memory.MemoryThresholds;
import io.backstop.memory.ScriptedSource;

/** The monitor's decisions, driven by sampleNow() on a scripted source (no schedule running). */
class MemoryMonitorImplTest {

	private final ScriptedSource source = new ScriptedSource();
	private final CountingEmergencyStop stop = new CountingEmergencyStop();
	private final List<Event> events = new CopyOnWriteArrayList<>();
	private final EventAdmin admin = new EventAdmin() {
		@Override
		public void postEvent(Event event) {
			events.add(event);
		}

		@Override
		public void sendEvent(Event event) {
			events.add(event);
		}
	};

	private MemoryMonitorImpl monitor(MemoryMonitorImpl.Settings settings) {
		MemoryMonitorImpl monitor = new MemoryMonitorImpl(source, admin, stop);
		monitor.apply(settings);
		return monitor;
	}

	private static MemoryMonitorImpl.Settings automaticStop(boolean on) {
		return new MemoryMonitorImpl.Settings(2000, MemoryThresholds.DEFAULT, on);
	}

	private MemoryLevel at(MemoryMonitorImpl monitor, double percent) {
		source.systemUsed(percent);
		return monitor.sampleNow().level();
	}

	@Test
	void postsALevelChangeEachTimeAThresholdIsCrossed() {
		MemoryMonitorImpl monitor = monitor(MemoryMonitorImpl.Settings.DEFAULT);
		assertEquals(MemoryLevel.NORMAL, at(monitor, 50));
		assertTrue(events.isEmpty(), "no change, no event");
		assertEquals(MemoryLevel.WARNING, at(monitor, 76));
		assertEquals(MemoryLevel.WARNING, at(monitor, 78));
		assertEquals(MemoryLevel.HIGH, at(monitor, 85));
		assertEquals(MemoryLevel.CRITICAL, at(monitor, 93));
		assertEquals(MemoryLevel.NORMAL, at(monitor, 40));
		assertEquals(List.of("WARNING", "HIGH", "CRITICAL", "NORMAL"),
				events.stream().map(e -> e.getProperty(MemoryEvents.LEVEL)).toList());
		assertEquals(List.of("NORMAL", "WARNING", "HIGH", "CRITICAL"),
				events.stream().map(e -> e.getProperty(MemoryEvents.PREVIOUS_LEVEL)).toList());
		Event critical = events.get(2);
		assertEquals(MemoryEvents.LEVEL_CHANGED, critical.getTopic());
		assertEquals(93.0, (Double) critical.getProperty(MemoryEvents.SYSTEM_USED_PERCENT), 0.01);
		assertEquals(10.0, (Double) critical.getProperty(MemoryEvents.HEAP_USED_PERCENT), 0.01);
		assertEquals(90.0, critical.getProperty(MemoryEvents.THRESHOLD_PERCENT));
		assertTrue(critical.getProperty(MemoryEvents.SAMPLE) instanceof MemorySample);
		assertTrue(stop.requests.isEmpty(), "the automatic stop is off by default");
	}

	@Test
	void automaticStopFiresOncePerCrossingIntoCritical() {
		MemoryMonitorImpl monitor = monitor(automaticStop(true));
		assertTrue(monitor.automaticStopEnabled());
		at(monitor, 95);
		at(monitor, 97);
		at(monitor, 99);
		assertEquals(1, stop.requests.size(), "staying critical does not stop again");
		assertEquals("memory-monitor", stop.requests.get(0).requestedBy());
		assertEquals("memory use at 95.0% reached the critical threshold of 90%", stop.requests.get(0).reason());
		at(monitor, 89);
		assertEquals(1, stop.requests.size());
		at(monitor, 91);
		assertEquals(2, stop.requests.size(), "a new crossing fires again");
		assertEquals(2, events.stream().filter(e -> e.getTopic().equals(MemoryEvents.AUTO_STOP_REQUESTED)).count());
	}

	@Test
	void neverStopsWhenDisabledAndHonoursConfiguredThresholds() {
		MemoryMonitorImpl monitor = monitor(new MemoryMonitorImpl.Settings(500, new MemoryThresholds(50, 60, 70), false));
		assertFalse(monitor.automaticStopEnabled());
		assertEquals(500, monitor.sampleIntervalMillis());
		assertEquals(MemoryLevel.CRITICAL, at(monitor, 71));
		at(monitor, 10);
		at(monitor, 99);
		assertTrue(stop.requests.isEmpty());
		monitor.apply(new MemoryMonitorImpl.Settings(500, new MemoryThresholds(50, 60, 70), true));
		at(monitor, 99);
		assertTrue(stop.requests.isEmpty(), "enabling while critical waits for the next crossing");
		at(monitor, 10);
		at(monitor, 75);
		assertEquals(1, stop.requests.size());
	}

	@Test
	void aCrossingWithoutACoordinatorIsLoggedNotThrown() {
		MemoryMonitorImpl monitor = new MemoryMonitorImpl(source, null, null);
		monitor.apply(automaticStop(true));
		source.systemUsed(95);
		assertEquals(MemoryLevel.CRITICAL, monitor.sampleNow().level());
		assertEquals(MemoryLevel.CRITICAL, monitor.latest().level());
	}

	@Test
	void anErrorInTheScheduledSampleDoesNotEndTheAutomaticStop() throws Exception {
		AtomicBoolean thrown = new AtomicBoolean();
		MemorySource failingOnce = () -> {
			if (thrown.compareAndSet(false, true)) {
				throw new OutOfMemoryError("Java heap space");
			}
			return source.read();
		};
		source.systemUsed(95);
		MemoryMonitorImpl monitor = new MemoryMonitorImpl(failingOnce, admin, stop);
		monitor.apply(new MemoryMonitorImpl.Settings(100, MemoryThresholds.DEFAULT, true));
		monitor.schedule();
		try {
			long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (stop.requests.isEmpty() && System.nanoTime() < giveUp) {
				Thread.sleep(20);
			}
		} finally {
			monitor.deactivate();
		}
		assertTrue(thrown.get(), "the first sample threw");
		assertEquals(1, stop.requests.size(), "the schedule went on sampling and requested the stop");
	}

	@Test
	void aStopRequestThatThrowsIsMadeAgainAtTheNextCriticalSample() {
		CountingEmergencyStop counting = new CountingEmergencyStop();
		AtomicBoolean thrown = new AtomicBoolean();
		EmergencyStop failingOnce = new EmergencyStop() {
			@Override
			public CompletableFuture<StopReport> requestStop(StopRequest request) {
				if (thrown.compareAndSet(false, true)) {
					throw new NoClassDefFoundError("io/backstop/estop/internal/StepRunner");
				}
				return counting.requestStop(request);
			}

			@Override
			public boolean isStopping() {
				return false;
			}

			@Override
			public StopSignal signal() {
				return counting.signal();
			}

			@Override
			public void reset() {
			}

			@Override
			public List<PlannedStep> plannedSteps() {
				return List.of();
			}

			@Override
			public List<StopReport> history(int max) {
				return List.of();
			}

			@Override
			public String toJson(StopReport report) {
				return counting.toJson(report);
			}

			@Override
			public String toJson(List<StopReport> reports) {
				return counting.toJson(reports);
			}
		};
		MemoryMonitorImpl monitor = new MemoryMonitorImpl(source, admin, failingOnce);
		monitor.apply(automaticStop(true));

		at(monitor, 95);
		assertTrue(counting.requests.isEmpty());
		at(monitor, 96);

		assertEquals(1, counting.requests.size(), "asked again while still critical");
		at(monitor, 97);
		assertEquals(1, counting.requests.size(), "and only once");
	}
}
