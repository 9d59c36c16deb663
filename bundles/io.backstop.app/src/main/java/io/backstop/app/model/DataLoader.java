package io.backstop.app.model;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;

/** Loads market data in a Job and makes it the session's series. */
public final class DataLoader {

	public static final String PLUGIN_ID = "io.backstop.app";

	private DataLoader() {
	}

	/** Loads {@code file} (or the bundled sample when null); problems go to {@code onError}. */
	public static Job load(Session session, Path file, java.util.function.Consumer<String> onError) {
		String name = file == null ? "Load sample data " + SampleData.BTCUSDT_5M : "Load " + file.getFileName();
		Job job = Job.create(name, (IProgressMonitor monitor) -> {
			monitor.beginTask(name, IProgressMonitor.UNKNOWN);
			try {
				OhlcvSeries series = file == null ? SampleData.loadBtcusdt5m() : OhlcvCsv.load(file);
				session.setSeries(series);
				return Status.OK_STATUS;
			} catch (IOException | RuntimeException e) {
				String message = e.getMessage() == null ? e.toString() : e.getMessage();
				onError.accept(message);
				return new Status(IStatus.WARNING, PLUGIN_ID, message, e);
			} finally {
				monitor.done();
			}
		});
		job.setUser(true);
		job.schedule();
		return job;
	}
}
