package io.backstop.estop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;

/** The coordinator outside OSGi: the threads a stop runs on exist before it. */
class CoordinatorThreadsTest {

	@TempDir
	Path directory;
	private final EmergencyStopCoordinator coordinator = new EmergencyStopCoordinator();

	@AfterEach
	void close() {
		coordinator.deactivate();
	}

	@Test
	void aStopStartsNoThreadEvenWithCallbacksAndParallelSteps() throws Exception {
		coordinator.configure(directory.resolve("stop-history.json"), Deadlines.DEFAULT, 10);
		for (int i = 0; i < 4; i++) {
			coordinator.register(new Named("parallel-" + i), Map.of(Stoppable.ORDER, 100), "test");
		}
		coordinator.register(new Named("release"), Map.of(Stoppable.ORDER, 300), "test");
		coordinator.onRaise(() -> { });
		coordinator.onRaise(() -> { });
		Set<Thread> before = Thread.getAllStackTraces().keySet();

		StopReport report = coordinator.requestStop(StopRequest.of("test", "test")).get(10, TimeUnit.SECONDS);

		Set<String> started = Thread.getAllStackTraces().keySet().stream().filter(thread -> !before.contains(thread))
				.map(Thread::getName).collect(Collectors.toSet());
		assertTrue(started.isEmpty(), "threads started by the stop: " + started);
		assertEquals(5, report.count(StepStatus.CLEANED));
		assertEquals(List.of(), report.errors());
	}

	private record Named(String id) implements Stoppable {
		@Override
		public String label() {
			return id;
		}

		@Override
		public StepResult stop(StopContext context) {
			return StepResult.cleaned("released", 1, List.of(id));
		}
	}
}
