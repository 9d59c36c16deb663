package io.backstop.sweep.jobs;

import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.backstop.estop.api.WorkRefusedException;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * An Eclipse {@link Job} that runs a sweep (or follows one already started) and reports its
 * progress to the job's monitor: combinations done, rate, ETA and best so far. Cancelling the
 * Job cancels the sweep at once; the partial results and checkpoint are kept.
 *
 * <pre>{@code
 * SweepJob job = new SweepJob(sweepService, spec);
 * job.setUser(true);
 * job.schedule();
 * }</pre>
 */
public class SweepJob extends Job {

	/** Family of every sweep Job, for {@code Job.getJobManager().find(SweepJob.FAMILY)}. */
	public static final Object FAMILY = SweepJob.class;

	private static final String PLUGIN_ID = "io.backstop.sweep";
	private static final int UNITS = 10_000;
	private static final long POLL_MILLIS = 100;

	private final SweepService service;
	private final SweepSpec spec;
	private volatile SweepHandle handle;

	/** A Job that starts the sweep when it runs; its name counts the combinations once the sweep has. */
	public SweepJob(SweepService service, SweepSpec spec) {
		super("Sweep " + spec.strategyId());
		this.service = Objects.requireNonNull(service, "service");
		this.spec = spec;
	}

	/** A Job that follows a sweep already started. */
	public SweepJob(SweepHandle handle) {
		super("Sweep " + handle.id());
		this.service = null;
		this.spec = handle.spec();
		this.handle = handle;
	}

	/** The sweep, once started (null before the Job runs when it starts it itself). */
	public SweepHandle handle() {
		return handle;
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == FAMILY;
	}

	@Override
	protected void canceling() {
		SweepHandle h = handle;
		if (h != null) {
			h.cancel();
		}
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		SweepHandle h = handle;
		if (h == null) {
			if (monitor.isCanceled()) {
				return Status.CANCEL_STATUS;
			}
			try {
				h = service.start(spec);
			} catch (WorkRefusedException e) {
				return new Status(IStatus.CANCEL, PLUGIN_ID, e.getMessage());
			} catch (RuntimeException e) {
				return new Status(IStatus.ERROR, PLUGIN_ID, "The sweep could not start: " + e.getMessage(), e);
			}
			handle = h;
		}
		setName("Sweep " + h.id());
		monitor.beginTask("Sweep " + h.id(), UNITS);
		int reported = 0;
		SweepStatus status = h.status();
		try {
			while (true) {
				if (monitor.isCanceled()) {
					h.cancel();
				}
				try {
					status = h.completion().get(POLL_MILLIS, TimeUnit.MILLISECONDS);
					break;
				} catch (TimeoutException stillRunning) {
					status = h.status();
				}
				int units = (int) (status.fraction() * UNITS);
				if (units > reported) {
					monitor.worked(units - reported);
					reported = units;
				}
				monitor.subTask(status.summary());
			}
		} catch (InterruptedException e) {
			h.cancel();
			Thread.currentThread().interrupt();
			return Status.CANCEL_STATUS;
		} catch (ExecutionException e) {
			return new Status(IStatus.ERROR, PLUGIN_ID, "The sweep failed: " + e.getCause(), e.getCause());
		} finally {
			monitor.done();
		}
		return toStatus(status);
	}

	private static IStatus toStatus(SweepStatus status) {
		String text = "Sweep " + status.id() + ": " + status.summary();
		if (status.state() == SweepState.COMPLETED) {
			return new Status(IStatus.OK, PLUGIN_ID, text);
		}
		if (status.state() == SweepState.FAILED) {
			return new Status(IStatus.ERROR, PLUGIN_ID, text + ": " + status.message());
		}
		return new Status(IStatus.CANCEL, PLUGIN_ID, text);
	}
}
