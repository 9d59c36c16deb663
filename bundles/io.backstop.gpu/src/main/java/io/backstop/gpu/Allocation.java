package io.backstop.gpu;

import java.time.Instant;

/**
 * A device buffer the GPU service tracks, as listed for the user and the emergency stop.
 *
 * @param id          the service's number for the buffer
 * @param owner       who asked for it, for example "sweep:rsi-grid"
 * @param bytes       its size
 * @param allocatedAt when it was handed out
 */
public record Allocation(long id, String owner, long bytes, Instant allocatedAt) {
}
