package io.backstop.app.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopRequest;

/** Requests the stop and returns at once: the coordinator runs it off the UI thread. */
public class EmergencyStopHandler {

	@CanExecute
	public boolean canExecute(@Optional EmergencyStop emergencyStop) {
		return emergencyStop != null;
	}

	@Execute
	public void execute(EmergencyStop emergencyStop) {
		emergencyStop.requestStop(StopRequest.of("Emergency stop requested from the workbench", "workbench"));
	}
}
