package io.backstop.backtest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;

/**
 * The shape of a strategy that runs at kernel speed: it states its indicators through an
 * {@link IndicatorLookup} (computed once per distinct parameters and shared across a sweep's
 * combinations through the indicator cache) and answers {@link SignalRules} that write the
 * signals of a block of bars from those primitive arrays into a {@link Signals}. The
 * {@link Simulator} asks for one block at a time, polls the stop between blocks and trades from
 * the signal arrays in a loop that calls nothing per bar, so the emergency stop reaches the
 * strategy without its help.
 * <p>
 * A subclass gives its id, name, description and parameters to the constructor and implements
 * {@link #rules(OhlcvSeries, Parameters, IndicatorLookup)}. Subclasses are stateless: one instance
 * runs any number of backtests concurrently.
 */
public abstract class RulesStrategy implements Strategy {

	private final String id;
	private final String displayName;
	private final String description;
	private final List<ParameterSpec> parameters;
	private final List<ParameterConstraint> constraints;

	/**
	 * @param id          stable, snake_case ({@code keltner_breakout})
	 * @param displayName the name for the user
	 * @param description the rules, for the user
	 * @param parameters  in display order
	 */
	protected RulesStrategy(String id, String displayName, String description, List<ParameterSpec> parameters) {
		this(id, displayName, description, parameters, List.of());
	}

	/**
	 * @param constraints relations the parameters must keep ({@code ParameterConstraint.parse("fast_period < slow_period")}):
	 *                    a run of values that break one is refused before {@link #rules} is asked
	 * @throws IllegalArgumentException for a constraint naming no parameter
	 */
	protected RulesStrategy(String id, String displayName, String description, List<ParameterSpec> parameters,
			List<ParameterConstraint> constraints) {
		this.id = id;
		this.displayName = displayName;
		this.description = description;
		this.parameters = List.copyOf(parameters);
		this.constraints = List.copyOf(constraints);
		ParameterConstraint.checkNames(this.constraints, this.parameters);
	}

	@Override
	public final String id() {
		return id;
	}

	@Override
	public final String displayName() {
		return displayName;
	}

	@Override
	public final String description() {
		return description;
	}

	@Override
	public final List<ParameterSpec> parameters() {
		return parameters;
	}

	@Override
	public final List<ParameterConstraint> constraints() {
		return constraints;
	}

	@Override
	public final BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, true);
	}

	@Override
	public final BacktestResult runForFigures(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, false);
	}

	private BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache, boolean keepCurve) {
		Parameters resolved = parameters.resolve(this.parameters);
		ParameterConstraint.check(constraints, resolved);
		SignalRules rules;
		try {
			rules = rules(series, resolved, new IndicatorLookup(series, cache, cancel::isCancelled));
		} catch (CancellationException cancelledWhilePreparing) {
			return new BacktestResult(id, resolved, settings, RunStatus.CANCELLED, 0, new double[0], List.of(),
					Metrics.compute(new double[0], 0, series.timestamps(), List.of(), settings.initialCapital()),
					Map.of(), null);
		}
		return keepCurve ? Simulator.run(series, rules, settings, cancel, id, resolved)
				: Simulator.runForFigures(series, rules, settings, cancel, id, resolved);
	}

	/**
	 * The rules on the indicator arrays this strategy asks {@code indicators} for. Called once per run;
	 * the rules it answers are asked for the signals of one block of bars at a time and must not
	 * allocate.
	 *
	 * @param p every parameter, resolved against {@link #parameters()} and keeping every constraint
	 * @throws IllegalArgumentException naming the parameters when their combination is invalid in a way
	 *                                  no {@linkplain #constraints() constraint} states
	 */
	protected abstract SignalRules rules(OhlcvSeries series, Parameters p, IndicatorLookup indicators);

	/** +1 when {@code a} crosses above {@code b} at bar {@code i}, -1 when below, else 0. */
	protected static int cross(double[] a, double[] b, int i) {
		if (i < 1) {
			return 0;
		}
		double now = a[i] - b[i];
		double before = a[i - 1] - b[i - 1];
		// without a branch: crossings come at random, and a mispredicted branch costs more than both tests
		return (now > 0 & before <= 0 ? 1 : 0) - (now < 0 & before >= 0 ? 1 : 0);
	}

	/** The first bar at which every array holds a number (indicators are NaN while warming up). */
	protected static int firstDefined(double[]... arrays) {
		int first = 0;
		for (double[] a : arrays) {
			int k = 0;
			while (k < a.length && Double.isNaN(a[k])) {
				k++;
			}
			first = Math.max(first, k);
		}
		return first;
	}

	/** {@code stop_loss_pct}: the optional stop in percent of the entry price that {@link SignalRules#percentStop} reads. */
	protected static ParameterSpec stopLossPct() {
		return ParameterSpec.ofDouble("stop_loss_pct", 0, 0, 50, 0, 5, 1,
				"Stop loss in percent of the entry price; 0 for none");
	}
}
