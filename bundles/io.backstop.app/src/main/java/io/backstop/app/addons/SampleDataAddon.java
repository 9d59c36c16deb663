package io.backstop.app.addons;

import org.eclipse.core.runtime.ILog;
import org.eclipse.e4.core.di.annotations.Optional;

import io.backstop.app.model.DataLoader;
import io.backstop.estop.api.StopSignal;
import io.backstop.run.RunService;
import jakarta.annotation.PostConstruct;

/**
 * Opens the bundled sample at start, whichever view is in front: the Run view can run at once and
 * the Data view, when it is first shown, finds the series open (or, when opening failed, tries
 * again and shows why).
 */
public class SampleDataAddon {

	@PostConstruct
	void openSample(@Optional RunService runs, @Optional StopSignal signal) {
		// without the service yet, the Data view opens the sample when it is first shown
		if (runs != null && runs.series().isEmpty()) {
			DataLoader.load(runs, null, signal, problem -> ILog.of(SampleDataAddon.class).warn(problem));
		}
	}
}
