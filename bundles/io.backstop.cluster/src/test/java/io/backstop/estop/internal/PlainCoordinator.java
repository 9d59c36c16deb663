package io.backstop.estop.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.backstop.estop.api.Stoppable;

/**
 * The real emergency stop coordinator without an OSGi framework, for the cluster's plain tests: set
 * up and given its steps through the package-private methods the DS runtime calls inside OSGi (this
 * class shares their package on the test class path).
 */
public final class PlainCoordinator {

	private PlainCoordinator() {
	}

	/** A coordinator with a default step deadline of 5 s, its history in {@code history}, and these steps. */
	public static EmergencyStopCoordinator create(Path history, Map<Stoppable, Map<String, ?>> steps) {
		EmergencyStopCoordinator coordinator = new EmergencyStopCoordinator();
		coordinator.configure(history, Deadlines.of(5000L, List.of()), 10);
		steps.forEach((step, properties) -> coordinator.register(step, properties, "test"));
		return coordinator;
	}

	public static void close(EmergencyStopCoordinator coordinator) {
		coordinator.deactivate();
	}
}
