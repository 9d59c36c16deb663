package io.backstop.app.model;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.StrategyRegistry;

/**
 * Recomputes one row known only by its metrics (a sweep combination) as a full backtest, so
 * the Results view can show its equity curve and trades.
 */
public class RecomputeJob extends Job {

	/** The family of these Jobs. */
	public static final Object FAMILY = RecomputeJob.class;

	private final Session session;
	private final RunRecord row;
	private final StrategyRegistry registry;
	private final Consumer<RunRecord> done;

	public RecomputeJob(Session session, RunRecord row, StrategyRegistry registry, Consumer<RunRecord> done) {
		super("Equity curve of " + row.strategyId() + " (" + row.parameters() + ")");
		this.session = session;
		this.row = row;
		this.registry = registry;
		this.done = done;
		setUser(false);
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == FAMILY;
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		try {
			BacktestResult result = registry.get(row.strategyId()).run(row.series(), row.parameters(),
					row.settings(), CancellationToken.of(monitor::isCanceled));
			done.accept(session.attachResult(row, result));
			return Status.OK_STATUS;
		} catch (RuntimeException e) {
			return new Status(IStatus.WARNING, DataLoader.PLUGIN_ID, e.getMessage(), e);
		}
	}
}
