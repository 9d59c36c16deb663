package io.backstop.app.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import io.backstop.backtest.CancellationToken;
import io.backstop.estop.api.StopSignal;
import io.backstop.run.RunService;

/**
 * Asks the run service to open market data, in a Job so the window stays responsive and the
 * Progress view shows it. The service reads the file and names its problems.
 */
public final class DataLoader {

	public static final String PLUGIN_ID = "io.backstop.app";

	private DataLoader() {
	}

	/** Opens {@code file} (or the bundled sample when null); a problem, a refusal included, goes to {@code onError}. */
	public static Job load(RunService runs, Path file, StopSignal signal, Consumer<String> onError) {
		String name = file == null ? "Open the sample data" : "Open " + file.getFileName();
		Job job = new WorkbenchJob(name, signal) {
			@Override
			protected IStatus work(IProgressMonitor monitor, CancellationToken cancel) {
				monitor.beginTask(name, IProgressMonitor.UNKNOWN);
				try {
					if (file == null) {
						runs.openSample();
					} else {
						runs.open(file);
					}
					return Status.OK_STATUS;
				} catch (IOException | RuntimeException e) {
					return new Status(IStatus.WARNING, PLUGIN_ID, e.getMessage() == null ? e.toString() : e.getMessage(), e);
				} finally {
					monitor.done();
				}
			}
		};
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				if (!event.getResult().isOK()) {
					onError.accept(event.getResult().getMessage());
				}
			}
		});
		job.setUser(true);
		job.schedule();
		return job;
	}
}
