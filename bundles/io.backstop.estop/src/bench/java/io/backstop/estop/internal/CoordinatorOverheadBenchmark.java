package io.backstop.estop.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;

/**
 * What the coordinator itself costs per stop: N no-op Stoppables spread over the six order
 * bands, measured with memory bracketing and history writing, as a user's stop runs them.
 * The {@code stepless} case (0 steps) isolates the fixed cost (measurement, history, events).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CoordinatorOverheadBenchmark {

	@Param({ "0", "20" })
	int stoppables;

	private EmergencyStopCoordinator coordinator;
	private Path directory;

	@Setup(Level.Trial)
	public void createCoordinator() throws IOException {
		directory = Files.createTempDirectory("estop-bench");
		coordinator = new EmergencyStopCoordinator();
		coordinator.configure(directory.resolve("stop-history.json"), Deadlines.from(Map.of()), 100);
		for (int i = 0; i < stoppables; i++) {
			int order = 100 * (1 + i % 6);
			coordinator.register(new NoOp("noop-" + i), Map.of(Stoppable.ORDER, order), "bench");
		}
	}

	@TearDown(Level.Trial)
	public void close() throws IOException {
		coordinator.deactivate();
		try (var files = Files.walk(directory)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
	}

	@Benchmark
	public StopReport stopAndReset() throws Exception {
		StopReport report = coordinator.requestStop(StopRequest.of("benchmark", "bench")).get();
		coordinator.reset();
		return report;
	}

	private record NoOp(String id) implements Stoppable {
		@Override
		public String label() {
			return "No-op " + id;
		}

		@Override
		public StepResult stop(StopContext context) {
			return StepResult.cleaned("nothing held", 0, List.of(id));
		}
	}
}
