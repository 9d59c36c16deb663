package io.backstop.app.handlers;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

import io.backstop.estop.api.EmergencyStop;

/** Lowers the stop signal so new work is accepted again. */
public class ResetStopHandler {

	@CanExecute
	public boolean canExecute(@Optional EmergencyStop emergencyStop) {
		return emergencyStop != null && emergencyStop.signal().isRaised() && !emergencyStop.isStopping();
	}

	@Execute
	public void execute(EmergencyStop emergencyStop) {
		emergencyStop.reset();
	}
}
