package io.backstop.estop.api;

/**
 * A registered {@link Stoppable} as the next stop would run it.
 *
 * @param timeoutMillis the deadline it would get
 */
public record PlannedStep(String id, String label, int order, String bundle, long timeoutMillis) {
}
