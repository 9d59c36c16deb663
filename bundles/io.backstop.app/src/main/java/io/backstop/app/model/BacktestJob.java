package io.backstop.app.model;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopSignal;
import io.backstop.indicators.IndicatorCache;

/**
 * One backtest as an Eclipse Job. Cancelling the Job or raising the emergency stop signal
 * ends it at the engine's next check; what was computed so far goes to the Results view.
 */
public class BacktestJob extends WorkbenchJob {

	private final Session session;
	private final Strategy strategy;
	private final OhlcvSeries series;
	private final Parameters parameters;
	private final RunSettings settings;
	private final IndicatorCache cache;
	private final String origin;

	public BacktestJob(Session session, Strategy strategy, OhlcvSeries series, Parameters parameters,
			RunSettings settings, StopSignal signal, IndicatorCache cache) {
		super("Backtest " + strategy.id() + " on " + series.name(), signal);
		this.session = session;
		this.strategy = strategy;
		this.series = series;
		this.parameters = parameters;
		this.settings = settings;
		this.cache = cache;
		this.origin = "backtest " + session.nextRunNumber();
		setUser(true);
	}

	@Override
	protected IStatus work(IProgressMonitor monitor, CancellationToken cancel) {
		monitor.beginTask(getName() + " (" + parameters + ")", IProgressMonitor.UNKNOWN);
		try {
			BacktestResult result = strategy.run(series, parameters, settings, cancel, cache);
			session.addBacktest(origin, series, result);
			return result.isCancelled() ? Status.CANCEL_STATUS : Status.OK_STATUS;
		} catch (RuntimeException e) {
			return new Status(IStatus.ERROR, DataLoader.PLUGIN_ID, e.getMessage(), e);
		} finally {
			monitor.done();
		}
	}
}
