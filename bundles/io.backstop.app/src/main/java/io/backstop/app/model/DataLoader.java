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
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.estop.api.StopSignal;

/**
 * Loads market data in a Job and makes it the session's series. Parsing cannot be interrupted;
 * a series that finishes loading after the emergency stop was raised is let go, not opened.
 */
public final class DataLoader {

	public static final String PLUGIN_ID = "io.backstop.app";

	private DataLoader() {
	}

	/** Loads {@code file} (or the bundled sample when null); problems, a refusal included, go to {@code onError}. */
	public static Job load(Session session, Path file, StopSignal signal, Consumer<String> onError) {
		String name = file == null ? "Load sample data " + SampleData.BTCUSDT_5M : "Load " + file.getFileName();
		Job job = new WorkbenchJob(name, signal) {
			@Override
			protected IStatus work(IProgressMonitor monitor, CancellationToken cancel) {
				monitor.beginTask(name, IProgressMonitor.UNKNOWN);
				try {
					OhlcvSeries series = file == null ? SampleData.loadBtcusdt5m() : OhlcvCsv.load(file);
					if (cancel.isCancelled()) {
						return new Status(IStatus.CANCEL, PLUGIN_ID, name + " stopped: the data was not opened");
					}
					session.setSeries(series);
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
