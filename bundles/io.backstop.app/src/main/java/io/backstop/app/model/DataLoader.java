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
 * Asks the services to open or list market data, in a Job so the window stays responsive and the
 * Progress view shows it. The service reads the file and names its problems.
 */
public final class DataLoader {

	public static final String PLUGIN_ID = "io.backstop.app";

	private DataLoader() {
	}

	/** What a load asks of the services. */
	@FunctionalInterface
	public interface Loading {
		void run() throws IOException;
	}

	/** Opens {@code file} (or the bundled sample when null); a problem, a refusal included, goes to {@code onError}. */
	public static Job load(RunService runs, Path file, StopSignal signal, Consumer<String> onError) {
		return file == null ? run("Open the sample data", runs::openSample, signal, onError)
				: run("Open " + file.getFileName(), () -> runs.open(file), signal, onError);
	}

	/** Runs {@code loading} in a Job named {@code name}; a problem, a refusal included, goes to {@code onError}. */
	public static Job run(String name, Loading loading, StopSignal signal, Consumer<String> onError) {
		Job job = new WorkbenchJob(name, signal) {
			@Override
			protected IStatus work(IProgressMonitor monitor, CancellationToken cancel) {
				monitor.beginTask(name, IProgressMonitor.UNKNOWN);
				try {
					loading.run();
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
