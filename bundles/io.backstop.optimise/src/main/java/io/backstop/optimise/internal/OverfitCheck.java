package io.backstop.optimise.internal;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.OptimiseService;
import io.backstop.optimise.OverfitReport;
import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepMetrics;

/**
 * The overfitting checks of a finished search or sweep: its valid evaluations are the trials; the best
 * ones by objective are backtested again for their per-bar returns.
 */
final class OverfitCheck {

	private OverfitCheck() {
	}

	/** What the checks run on: a finished search's or sweep's evaluations and how they were made. */
	record Trials(String id, List<Evaluation> evaluations, Objective objective, Strategy strategy, OhlcvSeries series,
			RunSettings settings) {
	}

	/**
	 * @throws IllegalArgumentException with fewer than two valid evaluations
	 * @throws CancellationException    when the emergency stop halts the backtests
	 */
	static OverfitReport of(Trials trials, IndicatorCache cache, BooleanSupplier stopRaised) {
		List<Evaluation> valid = trials.evaluations().stream().filter(Evaluation::valid)
				.sorted(Evaluation.bestFirst(trials.objective())).toList();
		if (valid.size() < 2) {
			throw new IllegalArgumentException(trials.id() + " has " + valid.size() + " valid evaluation"
					+ (valid.size() == 1 ? "" : "s") + "; the checks need at least 2");
		}
		List<Evaluation> top = valid.subList(0, Math.min(valid.size(), OptimiseService.MAX_PBO_TRIALS));
		double[][] returns = new double[top.size()][];
		double periodsPerYear = 0;
		CancellationToken cancel = stopRaised::getAsBoolean;
		for (int i = 0; i < top.size(); i++) {
			BacktestResult r = trials.strategy().run(trials.series(), Parameters.of(top.get(i).parameters()),
					trials.settings(), cancel, cache);
			if (r.isCancelled()) {
				throw new CancellationException("overfitting checks of " + trials.id() + " halted by the emergency stop");
			}
			returns[i] = returns(r.equity(), trials.settings().initialCapital());
			periodsPerYear = r.metrics().periodsPerYear();
		}
		double perBar = Math.sqrt(periodsPerYear);
		double[] sharpes = valid.stream().mapToDouble(e -> e.metrics().get(SweepMetrics.SHARPE) / perBar).toArray();
		return new OverfitReport(trials.id(), valid.size(), Overfitting.deflatedSharpe(returns[0], sharpes),
				Overfitting.pbo(returns, Overfitting.PARTITIONS));
	}

	/** Simple per-bar returns of an equity curve, the first from the initial capital. */
	static double[] returns(double[] equity, double initialCapital) {
		double[] r = new double[equity.length];
		double previous = initialCapital;
		for (int t = 0; t < equity.length; t++) {
			r[t] = previous > 0 ? equity[t] / previous - 1 : 0;
			previous = equity[t];
		}
		return r;
	}
}
