package io.backstop.estop.api;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;

/** What a {@link Stoppable} knows about the stop it takes part in. */
public interface StopContext {

	/** Instant by which the step must have returned. */
	Instant deadline();

	/** Time left until {@link #deadline()}, never negative. */
	default Duration remaining() {
		Duration left = Duration.between(Instant.now(), deadline());
		return left.isNegative() ? Duration.ZERO : left;
	}

	/** Why the stop was requested, as the requester put it. */
	String reason();

	/** Who asked: "toolbar", "console", "memory-monitor", ... */
	String requestedBy();

	/** The requester's options (for example {@link StopRequest#clearDiskCache()}). */
	StopRequest request();

	/** Reports intermediate progress of this step; shown live in the UI and console. */
	void progress(String message);

	/**
	 * A context for running one Stoppable directly, without a coordinator: from a script, a
	 * benchmark or a test.
	 *
	 * @param budget   time from now until the deadline
	 * @param progress receives the step's progress lines
	 */
	static StopContext of(StopRequest request, Duration budget, Consumer<String> progress) {
		return new DirectStopContext(Instant.now().plus(budget), request, progress);
	}

	/** A context with this deadline, for a coordinator. */
	static StopContext of(StopRequest request, Instant deadline, Consumer<String> progress) {
		return new DirectStopContext(deadline, request, progress);
	}
}

record DirectStopContext(Instant deadline, StopRequest request, Consumer<String> progressSink) implements StopContext {

	@Override
	public String reason() {
		return request.reason();
	}

	@Override
	public String requestedBy() {
		return request.requestedBy();
	}

	@Override
	public void progress(String message) {
		progressSink.accept(message);
	}
}
