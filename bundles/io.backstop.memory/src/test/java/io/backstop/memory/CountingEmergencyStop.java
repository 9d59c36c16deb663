package io.backstop.memory;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;

/** Stands in for the coordinator: records the stop requests it receives. */
public final class CountingEmergencyStop implements EmergencyStop {

	public final List<StopRequest> requests = new CopyOnWriteArrayList<>();

	@Override
	public CompletableFuture<StopReport> requestStop(StopRequest request) {
		requests.add(request);
		return new CompletableFuture<>();
	}

	@Override
	public boolean isStopping() {
		return false;
	}

	@Override
	public StopSignal signal() {
		throw new UnsupportedOperationException("not used by the memory monitor");
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
		throw new UnsupportedOperationException("not used by the memory monitor");
	}

	@Override
	public String toJson(List<StopReport> reports) {
		throw new UnsupportedOperationException("not used by the memory monitor");
	}
}
