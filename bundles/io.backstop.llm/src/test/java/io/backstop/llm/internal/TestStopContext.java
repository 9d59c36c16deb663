package io.backstop.llm.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;

/** The context a coordinator would hand a step: a deadline and a progress sink. */
final class TestStopContext implements StopContext {

	private final Instant deadline;
	final List<String> progress = new CopyOnWriteArrayList<>();

	TestStopContext(Duration timeout) {
		this.deadline = Instant.now().plus(timeout);
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
