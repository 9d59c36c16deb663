package io.backstop.backtest;

import java.util.List;
import java.util.Optional;

import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;

/**
 * A trading strategy with a stable id and named, typed, ranged parameters. Implementations
 * are stateless and thread-safe: one instance runs any number of backtests concurrently.
 * <p>
 * A whiteboard service: any bundle registers its strategies as {@code Strategy} services (the
 * built-ins are registered that way too), and the {@link StrategyRegistry} service offers them
 * while they are registered.
 * <p>
 * {@link RulesStrategy} is the shape that runs at kernel speed: indicators from the cache, rules on
 * primitive arrays, the stop polled by the simulator.
 */
public interface Strategy {

	/**
	 * Service property (Integer): the strategy's position in catalogues, lower first; strategies
	 * without it follow, by id.
	 */
	String ORDER = "strategy.order";

	/** Stable identifier, snake_case ({@code bollinger_zscore}); never changes between versions. */
	String id();

	/** Name for the user ("Bollinger z-score"). */
	String displayName();

	/** A few sentences: the rules, for the user. */
	String description();

	/** The parameters, in display order. */
	List<ParameterSpec> parameters();

	/**
	 * The relations its parameters must keep ({@code fast_period < slow_period}); none by default. A
	 * backtest of values that break one is refused, and sweeps and searches count, run and sample
	 * only the combinations that keep them all ({@link ParameterGrid}).
	 */
	default List<ParameterConstraint> constraints() {
		return List.of();
	}

	/**
	 * Runs a backtest.
	 *
	 * @param series     the bars
	 * @param parameters values by name; missing ones take their default (checked against the specs)
	 * @param settings   account and execution settings
	 * @param cancel     polled every {@link CancellationToken#CHECK_INTERVAL} bars
	 * @param cache      shares indicator arrays between runs on the same series; null computes them
	 * @throws IllegalArgumentException for unknown or out-of-range parameters, or values that break a
	 *                                  {@linkplain #constraints() constraint}
	 */
	BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings, CancellationToken cancel,
			IndicatorCache cache);

	/** {@link #run(OhlcvSeries, Parameters, RunSettings, CancellationToken, IndicatorCache)} without a cache. */
	default BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel) {
		return run(series, parameters, settings, cancel, null);
	}

	/**
	 * Runs a backtest for its figures: the result has its metrics and trades, and an empty
	 * {@link BacktestResult#equity() equity curve} when the strategy can leave it out. A sweep asks
	 * for this, so that a combination allocates nothing per bar. By default a full run.
	 */
	default BacktestResult runForFigures(OhlcvSeries series, Parameters parameters, RunSettings settings,
			CancellationToken cancel, IndicatorCache cache) {
		return run(series, parameters, settings, cancel, cache);
	}

	/** Every parameter at its default. */
	default Parameters defaults() {
		return Parameters.defaults(parameters());
	}

	default Optional<ParameterSpec> parameter(String name) {
		return parameters().stream().filter(p -> p.name().equals(name)).findFirst();
	}
}
