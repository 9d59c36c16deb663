package io.backstop.estop.api;

import java.util.Objects;

/**
 * A request for an emergency stop.
 *
 * @param reason         why, in the requester's words
 * @param requestedBy    who asked ("toolbar", "console", "memory-monitor", ...)
 * @param clearDiskCache also delete on-disk caches, not only expired entries
 */
public record StopRequest(String reason, String requestedBy, boolean clearDiskCache) {

	public StopRequest {
		Objects.requireNonNull(reason, "reason");
		Objects.requireNonNull(requestedBy, "requestedBy");
	}

	public static StopRequest of(String reason, String requestedBy) {
		return new StopRequest(reason, requestedBy, false);
	}
}
