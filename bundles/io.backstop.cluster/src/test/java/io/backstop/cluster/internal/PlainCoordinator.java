package io.backstop.cluster.internal;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.backstop.estop.api.Stoppable;
import io.backstop.estop.internal.EmergencyStopCoordinator;

/**
 * The real emergency stop coordinator without an OSGi framework: set up and given its steps through
 * the package-private methods its own bundle's plain tests call (the DS runtime calls them inside OSGi).
 */
final class PlainCoordinator {

	private PlainCoordinator() {
	}

	static EmergencyStopCoordinator create(Path history, Map<Stoppable, Map<String, ?>> steps) throws Exception {
		EmergencyStopCoordinator coordinator = new EmergencyStopCoordinator();
		Class<?> deadlines = Class.forName("io.backstop.estop.internal.Deadlines");
		Method of = deadlines.getDeclaredMethod("of", long.class, List.class);
		of.setAccessible(true);
		Method configure = EmergencyStopCoordinator.class.getDeclaredMethod("configure", Path.class, deadlines,
				int.class);
		configure.setAccessible(true);
		configure.invoke(coordinator, history, of.invoke(null, 5000L, List.of()), 10);
		Method register = EmergencyStopCoordinator.class.getDeclaredMethod("register", Stoppable.class, Map.class,
				String.class);
		register.setAccessible(true);
		for (Map.Entry<Stoppable, Map<String, ?>> step : steps.entrySet()) {
			register.invoke(coordinator, step.getKey(), step.getValue(), "test");
		}
		return coordinator;
	}

	static void close(EmergencyStopCoordinator coordinator) throws Exception {
		Method deactivate = EmergencyStopCoordinator.class.getDeclaredMethod("deactivate");
		deactivate.setAccessible(true);
		deactivate.invoke(coordinator);
	}
}
