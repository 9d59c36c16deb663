package io.backstop.optimise;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;

/**
 * What a search looks for: the best objective of a strategy over a parameter space.
 * <p>
 * The space is a grid: each parameter's range (its values are the steps), the strategy's default
 * sweep range for a parameter not given one. Parameters the strategy refuses (for example a fast
 * period not below the slow one) count as evaluated and invalid. The same spec and seed give the
 * same evaluations in the same order.
 *
 * @param strategyId a strategy id of the strategy registry
 * @param series     the bars
 * @param ranges     ranges that replace the strategy's default sweep ranges, names unique
 * @param settings   account and execution settings
 * @param objective  what is optimised
 * @param method     random, genetic or CMA-ES
 * @param budget     evaluations at most ({@code >= 1}); a point evaluated once is not evaluated again
 * @param seed       the random seed
 * @param patience   the search ends after this many evaluations without a better objective; 0 for never
 */
public record SearchSpec(String strategyId, OhlcvSeries series, List<ParameterRange> ranges, RunSettings settings,
		Objective objective, SearchMethod method, int budget, long seed, int patience) {

	/** The most evaluations one search may be given. */
	public static final int MAX_BUDGET = 10_000_000;

	public SearchSpec {
		Objects.requireNonNull(strategyId, "strategyId");
		Objects.requireNonNull(series, "series");
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(objective, "objective");
		Objects.requireNonNull(method, "method");
		ranges = List.copyOf(ranges);
		Set<String> names = new HashSet<>();
		for (ParameterRange r : ranges) {
			if (!names.add(r.name())) {
				throw new IllegalArgumentException("parameter " + r.name() + " has two ranges");
			}
		}
		if (budget < 1 || budget > MAX_BUDGET) {
			throw new IllegalArgumentException("budget must be between 1 and 10,000,000 evaluations, not " + budget);
		}
		if (patience < 0) {
			throw new IllegalArgumentException("patience must be 0 (none) or more evaluations, not " + patience);
		}
	}

	/** A copy on other bars (a walk-forward's in-sample window). */
	public SearchSpec withSeries(OhlcvSeries bars) {
		return new SearchSpec(strategyId, bars, ranges, settings, objective, method, budget, seed, patience);
	}
}
