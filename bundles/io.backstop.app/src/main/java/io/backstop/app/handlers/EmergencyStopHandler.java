package io.backstop.app.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopRequest;

/**
 * Requests the stop and returns at once: the coordinator runs it on its own thread. Brings
 * the Emergency Stop view forward so its rows can be watched.
 */
public class EmergencyStopHandler {

	public static final String STOP_VIEW_ID = "io.backstop.app.part.estop";

	@CanExecute
	public boolean canExecute(@Optional EmergencyStop emergencyStop) {
		return emergencyStop != null;
	}

	@Execute
	public void execute(EmergencyStop emergencyStop, @Optional EPartService parts) {
		emergencyStop.requestStop(StopRequest.of("Emergency stop requested from the workbench", "workbench"));
		if (parts != null) {
			parts.showPart(STOP_VIEW_ID, PartState.VISIBLE);
		}
	}
}
