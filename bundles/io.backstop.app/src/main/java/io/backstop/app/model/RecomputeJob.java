package io.backstop.app.model;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.estop.api.StopSignal;

/**
 * Recomputes one row known only by its metrics (a sweep combination) as a full backtest, so
 * the Results view can show its equity curve and trades. A cancelled recompute attaches
 * nothing: a curve cut short would pass for the whole one.
 */
public class RecomputeJob extends WorkbenchJob {

	private final Session session;
	private final RunRecord row;
	private final StrategyRegistry registry;
	private final Consumer<RunRecord> done;

	public RecomputeJob(Session session, RunRecord row, StrategyRegistry registry, StopSignal signal,
			Consumer<RunRecord> done) {
		super("Equity curve of " + row.strategyId() + " (" + row.parameters() + ")", signal);
		this.session = session;
		this.row = row;
		this.registry = registry;
		this.done = done;
		setUser(false);
	}

	@Override
	protected IStatus work(IProgressMonitor monitor, CancellationToken cancel) {
		try {
			BacktestResult result = registry.get(row.strategyId()).run(row.series(), row.parameters(),
					row.settings(), cancel);
			if (result.isCancelled()) {
				return new Status(IStatus.CANCEL, DataLoader.PLUGIN_ID, getName() + " cancelled");
			}
			done.accept(session.attachResult(row, result));
			return Status.OK_STATUS;
		} catch (RuntimeException e) {
			return new Status(IStatus.WARNING, DataLoader.PLUGIN_ID, e.getMessage(), e);
		}
	}
}
