package io.backstop.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.ParameterType;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentService;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.IterationRecord;
import io.backstop.llm.Objective;
import io.backstop.llm.backtest.BacktestEvaluator;

/**
 * Starts an LLM optimisation (the agent runs as an Eclipse Job of its own) and, when it ends,
 * puts every evaluated iteration into the Results view.
 */
public final class AgentRunner {

	private AgentRunner() {
	}

	/** The values in the strategy's parameter order, defaults filled in (as the backtest used them). */
	static Parameters inSpecOrder(Strategy strategy, Parameters values) {
		try {
			return values.resolve(strategy.parameters());
		} catch (IllegalArgumentException e) {
			return values;
		}
	}

	/**
	 * @param bounds     each parameter's [lowest, highest] value the model may propose
	 * @param iterations the budget of evaluated iterations
	 * @param model      the Ollama model
	 */
	public static AgentRun start(AgentService agents, Session session, Strategy strategy, OhlcvSeries series,
			Map<String, double[]> bounds, RunSettings settings, IndicatorCache cache, int iterations, String model,
			Consumer<AgentResult> onFinish) {
		List<io.backstop.llm.ParameterSpec> specs = new ArrayList<>();
		for (ParameterSpec p : strategy.parameters()) {
			double[] values = bounds.get(p.name());
			double lo = values[0];
			double hi = values[values.length - 1];
			specs.add(p.type() == ParameterType.INT ? io.backstop.llm.ParameterSpec.integer(p.name(), (long) lo, (long) hi)
					: io.backstop.llm.ParameterSpec.decimal(p.name(), lo, hi));
		}
		AgentSpec spec = AgentSpec.of(strategy.id(), series.name() + " (" + series.size() + " bars)", specs,
				Objective.maximize("sharpe"), iterations, model);
		AgentRun run = agents.start(spec, new BacktestEvaluator(strategy, series, settings, cache));
		run.result().thenAccept(result -> {
			List<Parameters> parameters = new ArrayList<>();
			List<Figures> figures = new ArrayList<>();
			for (IterationRecord iteration : run.iterations()) {
				if (!iteration.metrics().isEmpty()) {
					parameters.add(inSpecOrder(strategy, Parameters.of(iteration.parameters())));
					figures.add(Figures.ofAgent(iteration.metrics()));
				}
			}
			String origin = "LLM " + run.id() + " (" + model + ")";
			session.addCombos("LLM", origin, result.state().name().toLowerCase(), series, strategy.id(), settings,
					parameters, figures);
			onFinish.accept(result);
		});
		return run;
	}
}
