package io.backstop.llm.backtest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.ToDoubleFunction;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.ParameterType;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.Evaluator;
import io.backstop.llm.Objective;
import io.backstop.llm.ParameterSpec;

/**
 * Evaluates a parameter set by running one backtest of a strategy on a series. Metric names
 * are the snake_case of {@link Metrics}' components: {@code sharpe}, {@code sortino},
 * {@code calmar}, {@code total_return}, {@code cagr}, {@code max_drawdown}, {@code win_rate},
 * {@code profit_factor}, {@code expectancy}, {@code average_trade}, {@code exposure},
 * {@code trade_count}, {@code final_equity},
 * {@code volatility}.
 * <p>
 * A console or the UI starts a run with
 * {@code agents.start(evaluator.agentSpec(Objective.maximize("sharpe"), 10, "llama3.2"), evaluator)}.
 */
public final class BacktestEvaluator implements Evaluator {

	private static final Map<String, ToDoubleFunction<Metrics>> FIGURES = figures();

	/**
	 * The metrics each evaluation records, in display order: what an objective can name, and the
	 * keys of {@link #metrics(Metrics)}.
	 */
	public static final List<String> METRICS = List.copyOf(FIGURES.keySet());

	private final Strategy strategy;
	private final OhlcvSeries series;
	private final RunSettings settings;
	private final IndicatorCache cache;

	/**
	 * @param cache shares indicator arrays between evaluations; null computes them each time
	 */
	public BacktestEvaluator(Strategy strategy, OhlcvSeries series, RunSettings settings, IndicatorCache cache) {
		this.strategy = Objects.requireNonNull(strategy, "strategy");
		this.series = Objects.requireNonNull(series, "series");
		this.settings = Objects.requireNonNull(settings, "settings");
		this.cache = cache;
	}

	/** A strategy under default settings, no cache. */
	public static BacktestEvaluator of(Strategy strategy, OhlcvSeries series) {
		return new BacktestEvaluator(strategy, series, RunSettings.defaults(), null);
	}

	public Strategy strategy() {
		return strategy;
	}

	public OhlcvSeries series() {
		return series;
	}

	/**
	 * The agent's search space: each strategy parameter over its default sweep range, which is
	 * the region worth exploring (the full valid range is often far wider).
	 */
	public List<ParameterSpec> parameterSpecs() {
		List<ParameterSpec> specs = new ArrayList<>();
		for (io.backstop.backtest.ParameterSpec p : strategy.parameters()) {
			double lo = Math.max(p.min(), Math.min(p.sweepStart(), p.sweepStop()));
			double hi = Math.min(p.max(), Math.max(p.sweepStart(), p.sweepStop()));
			specs.add(p.type() == ParameterType.INT ? ParameterSpec.integer(p.name(), (long) lo, (long) hi)
					: ParameterSpec.decimal(p.name(), lo, hi));
		}
		return specs;
	}

	/** A run over {@link #parameterSpecs()} on this strategy and series. */
	public AgentSpec agentSpec(Objective objective, int maxIterations, String model) {
		return AgentSpec.of(strategy.id(), series.name() + " (" + series.size() + " bars)", parameterSpecs(), objective,
				maxIterations, model);
	}

	@Override
	public Map<String, Double> evaluate(Map<String, Number> parameters, BooleanSupplier cancelled) {
		BacktestResult result = strategy.run(series, Parameters.of(parameters), settings,
				CancellationToken.of(cancelled), cache);
		if (result.isCancelled()) {
			throw new CancellationException("backtest cancelled after " + result.barsProcessed() + " bars");
		}
		return metrics(result.metrics());
	}

	/** A backtest's figures under the {@link #METRICS} names, in that order. */
	public static Map<String, Double> metrics(Metrics m) {
		Map<String, Double> metrics = new LinkedHashMap<>();
		FIGURES.forEach((name, figure) -> metrics.put(name, figure.applyAsDouble(m)));
		return metrics;
	}

	private static Map<String, ToDoubleFunction<Metrics>> figures() {
		Map<String, ToDoubleFunction<Metrics>> figures = new LinkedHashMap<>();
		figures.put("sharpe", Metrics::sharpe);
		figures.put("sortino", Metrics::sortino);
		figures.put("calmar", Metrics::calmar);
		figures.put("total_return", Metrics::totalReturn);
		figures.put("cagr", Metrics::cagr);
		figures.put("max_drawdown", Metrics::maxDrawdown);
		figures.put("win_rate", Metrics::winRate);
		figures.put("profit_factor", Metrics::profitFactor);
		figures.put("expectancy", Metrics::expectancy);
		figures.put("average_trade", Metrics::averageTrade);
		figures.put("exposure", Metrics::exposure);
		figures.put("trade_count", Metrics::tradeCount);
		figures.put("final_equity", Metrics::finalEquity);
		figures.put("volatility", Metrics::volatility);
		return Collections.unmodifiableMap(figures);
	}
}
