package io.backstop.estop.api;

import java.time.Duration;
import java.time.Instant;

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
}
