package io.backstop.strategies.workspace.internal;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ParameterConstraint;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;

/**
 * A compiled workspace strategy as it is registered: what it says about itself, read once when it
 * is loaded, and its runs, counted while they execute (its "in use" state) and with a fault of its
 * own code turned into a {@link StrategyFault} that names the source line. Its cancellations and
 * refused combinations pass through unchanged.
 */
final class GuardedStrategy implements Strategy {

	private final Strategy user;
	private final String className;
	private final String id;
	private final String displayName;
	private final String description;
	private final List<ParameterSpec> parameters;
	private final List<ParameterConstraint> constraints;
	private final LongAdder running = new LongAdder();
	private final RunBudget budget;

	/**
	 * @param className the binary name of the user's class, to find its frames in a stack trace
	 * @param budget    the time each run may take
	 * @throws RuntimeException what the user's metadata methods throw
	 */
	GuardedStrategy(Strategy user, String className, RunBudget budget) {
		this.user = user;
		this.className = className;
		this.budget = budget;
		this.id = user.id();
		this.displayName = user.displayName();
		this.description = user.description();
		this.parameters = List.copyOf(user.parameters());
		this.constraints = List.copyOf(user.constraints());
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public String displayName() {
		return displayName;
	}

	@Override
	public String description() {
		return description;
	}

	@Override
	public List<ParameterSpec> parameters() {
		return parameters;
	}

	@Override
	public List<ParameterConstraint> constraints() {
		return constraints;
	}

	/** True while a run executes it. */
	boolean inUse() {
		return running.sum() > 0;
	}

	@Override
	public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache) {
		return guarded(() -> user.run(series, parameters, settings, cancel, cache));
	}

	@Override
	public BacktestResult runForFigures(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return guarded(() -> user.runForFigures(series, parameters, settings, cancel, cache));
	}

	/**
	 * Runs the user's code counted as in use and within its time budget, its own faults turned into a
	 * {@link StrategyFault}. A run whose thread was interrupted is abandoned even when the user's code
	 * swallowed the guard's error and returned: what it returns was cut short.
	 */
	private BacktestResult guarded(Supplier<BacktestResult> userRun) {
		running.increment();
		RunBudget.Watch watch = budget.watch();
		try {
			BacktestResult result = userRun.get();
			LoopGuard.poll();
			return result;
		} catch (StrategyAbandoned abandoned) {
			if (watch.end()) {
				throw new StrategyFault("strategy " + id + " " + watch.overrun(), abandoned);
			}
			throw abandoned;
		} catch (CancellationException | IllegalArgumentException passedOn) {
			throw passedOn;
		} catch (RuntimeException | LinkageError | StackOverflowError fault) {
			throw fault(fault);
		} finally {
			watch.end();
			running.decrement();
		}
	}

	private StrategyFault fault(Throwable thrown) {
		String where = sourceLine(thrown, className);
		return new StrategyFault("strategy " + id + " failed" + (where.isEmpty() ? "" : " at " + where) + ": "
				+ thrown.getClass().getSimpleName() + (thrown.getMessage() == null ? "" : ": " + thrown.getMessage()),
				thrown);
	}

	/**
	 * {@code Name.java:42}: the innermost frame of class {@code className} or its nested classes, in
	 * {@code thrown} or its causes; empty when none.
	 */
	static String sourceLine(Throwable thrown, String className) {
		for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
			for (StackTraceElement frame : t.getStackTrace()) {
				String frameClass = frame.getClassName();
				if ((frameClass.equals(className) || frameClass.startsWith(className + "$")) && frame.getLineNumber() > 0) {
					return frame.getFileName() + ":" + frame.getLineNumber();
				}
			}
		}
		return "";
	}
}
