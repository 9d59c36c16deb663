package io.backstop.app.model;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.backstop.backtest.CancellationToken;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.WorkRefusedException;

/**
 * A Job the workbench starts. It does not start while the emergency stop signal is raised, its
 * work polls the signal through the token it is given, and raising the signal cancels it at
 * once, so that a stop reaches it even between two polls.
 */
public abstract class WorkbenchJob extends Job {

	/** The family of every Job the workbench itself starts: backtests, curve recomputes, data loads. */
	public static final Object FAMILY = WorkbenchJob.class;

	private final StopSignal signal;

	/** @param signal the emergency stop's signal; null where the coordinator is not running */
	protected WorkbenchJob(String name, StopSignal signal) {
		super(name);
		this.signal = signal;
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == FAMILY;
	}

	@Override
	protected final IStatus run(IProgressMonitor monitor) {
		if (signal == null) {
			return work(monitor, CancellationToken.of(monitor::isCanceled));
		}
		try {
			signal.ensureLowered(getName());
		} catch (WorkRefusedException e) {
			return new Status(IStatus.CANCEL, DataLoader.PLUGIN_ID, e.getMessage());
		}
		try (StopSignal.Registration cancelOnStop = signal.onRaise(this::cancel)) {
			return work(monitor, CancellationToken.of(monitor::isCanceled).or(CancellationToken.of(signal::isRaised)));
		}
	}

	/**
	 * The Job's work.
	 *
	 * @param cancel cancelled when the Job is cancelled or the stop signal is raised; poll it
	 */
	protected abstract IStatus work(IProgressMonitor monitor, CancellationToken cancel);
}
