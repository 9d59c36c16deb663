package io.backstop.gpu.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;

/** A stop context with a deadline, recording progress lines. */
public final class TestStopContext implements StopContext {

	private final Instant deadline;
	public final List<String> progress = new CopyOnWriteArrayList<>();

	public TestStopContext(Duration budget) {
		this.deadline = Instant.now().plus(budget);
	}

	@Override
	public Instant deadline() {
		return deadline;
	}

	@Override
	public String reason() {
		return "test";
	}

	@Override
	public String requestedBy() {
		return "test";
	}

	@Override
	public StopRequest request() {
		return StopRequest.of("test", "test");
	}

	@Override
	public void progress(String message) {
		progress.add(message);
	}
}
