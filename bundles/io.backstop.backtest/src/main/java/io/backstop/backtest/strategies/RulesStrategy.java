package io.backstop.backtest.strategies;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.RunStatus;
import io.backstop.backtest.SignalRules;
import io.backstop.backtest.Simulator;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;

/** A strategy whose rules run on the {@link Simulator}. */
abstract class RulesStrategy implements Strategy {

	private final String id;
	private final String displayName;
	private final String description;
	private final List<ParameterSpec> parameters;

	RulesStrategy(String id, String displayName, String description, List<ParameterSpec> parameters) {
		this.id = id;
		this.displayName = displayName;
		this.description = description;
		this.parameters = List.copyOf(parameters);
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
	public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, true);
	}

	@Override
	public BacktestResult runForFigures(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache, false);
	}

	private BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache, boolean keepCurve) {
		Parameters resolved = parameters.resolve(this.parameters);
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
	 * The rules on precomputed indicator arrays.
	 *
	 * @throws CancellationException when the run is cancelled while its indicators are prepared
	 */
	abstract SignalRules rules(OhlcvSeries series, Parameters p, IndicatorLookup indicators);

	/** +1 when a crosses above b at bar i, -1 when below, else 0. */
	static int cross(double[] a, double[] b, int i) {
		if (i < 1) {
			return 0;
		}
		double now = a[i] - b[i];
		double before = a[i - 1] - b[i - 1];
		if (now > 0 && before <= 0) {
			return 1;
		}
		if (now < 0 && before >= 0) {
			return -1;
		}
		return 0;
	}

	static int firstDefined(double[]... arrays) {
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

	static ParameterSpec stopLossPct() {
		return ParameterSpec.ofDouble("stop_loss_pct", 0, 0, 50, 0, 5, 1,
				"Stop loss in percent of the entry price; 0 for none");
	}
}
