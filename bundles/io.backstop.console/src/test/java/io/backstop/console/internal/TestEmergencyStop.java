package io.backstop.console.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.MemorySnapshot;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;

/** An emergency stop that runs the planned steps as the test scripted them, and records what it was asked. */
final class TestEmergencyStop implements EmergencyStop, StopSignal {

	final List<PlannedStep> planned = new ArrayList<>();
	final List<StepResult> results = new ArrayList<>();
	final List<StopReport> history = new ArrayList<>();
	final List<StopRequest> requests = new ArrayList<>();
	/** Runs while a stop is under way, before its report completes: a step posting progress, say. */
	Runnable duringStop = () -> {
	};
	volatile boolean raised;
	volatile boolean stopping;
	int resets;

	static MemorySnapshot memory(long heap, long rss) {
		return new MemorySnapshot(Instant.parse("2026-11-26T13:30:00Z"), heap, heap * 2, rss, 8L << 30, -1, -1, 3, 40);
	}

	TestEmergencyStop step(String id, String label, int order, StepResult result) {
		planned.add(new PlannedStep(id, label, order, "io.backstop.test", 5000));
		results.add(result);
		return this;
	}

	@Override
	public CompletableFuture<StopReport> requestStop(StopRequest request) {
		requests.add(request);
		raised = true;
		duringStop.run();
		List<StepReport> steps = new ArrayList<>();
		for (int i = 0; i < planned.size(); i++) {
			PlannedStep p = planned.get(i);
			steps.add(new StepReport(p.id(), p.label(), p.order(), p.bundle(), Instant.parse("2026-11-26T13:30:00Z"),
					3L * (i + 1), results.get(i)));
		}
		StopReport report = new StopReport("0123456789abcdef", Instant.parse("2026-11-26T13:30:00Z"), request, 42, steps,
				memory(600L << 20, 900L << 20), memory(100L << 20, 488L << 20));
		history.add(0, report);
		return CompletableFuture.completedFuture(report);
	}

	@Override
	public boolean isStopping() {
		return stopping;
	}

	@Override
	public StopSignal signal() {
		return this;
	}

	@Override
	public void reset() {
		resets++;
		raised = false;
	}

	@Override
	public List<PlannedStep> plannedSteps() {
		return List.copyOf(planned);
	}

	@Override
	public List<StopReport> history(int max) {
		return history.subList(0, Math.min(max, history.size()));
	}

	@Override
	public boolean isRaised() {
		return raised;
	}

	@Override
	public Registration onRaise(Runnable callback) {
		return () -> {
		};
	}

	static StepResult cleaned(String detail, long bytes) {
		return StepResult.cleaned(detail, bytes, List.of(detail));
	}

	static StepResult failed(String message) {
		return StepResult.failed(new IllegalStateException(message));
	}

	static StepResult skipped(String reason) {
		return new StepResult(StepStatus.SKIPPED, reason, List.of(), 0, Map.of(), null);
	}

	/** A JSON object naming the report, so that a test sees whose JSON was printed. */
	@Override
	public String toJson(StopReport report) {
		return "{\"id\": \"" + report.id() + "\", \"requestedBy\": \"" + report.request().requestedBy() + "\"}";
	}

	@Override
	public String toJson(List<StopReport> reports) {
		return "[" + String.join(", ", reports.stream().map(this::toJson).toList()) + "]";
	}
}
