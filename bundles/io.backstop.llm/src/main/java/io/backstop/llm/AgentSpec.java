package io.backstop.llm;

import java.util.List;
import java.util.Objects;

/**
 * What an optimisation run is asked to do.
 *
 * @param strategyId        the strategy being tuned, as the engine names it
 * @param dataSeries        the data it is tested on, for the prompt and the log
 * @param parameters        the parameters the model may set, with their ranges
 * @param objective         the metric to optimise
 * @param maxIterations     model turns that evaluate something (the budget)
 * @param model             the Ollama model name
 * @param maxInvalidReplies invalid replies tolerated in a row before the run fails
 * @param maxSweepPoints    evaluations one "sweep" action may run
 */
public record AgentSpec(String strategyId, String dataSeries, List<ParameterSpec> parameters, Objective objective,
		int maxIterations, String model, int maxInvalidReplies, int maxSweepPoints) {

	public static final int DEFAULT_MAX_INVALID_REPLIES = 3;
	public static final int DEFAULT_MAX_SWEEP_POINTS = 25;

	public AgentSpec {
		Objects.requireNonNull(strategyId, "strategyId");
		Objects.requireNonNull(dataSeries, "dataSeries");
		Objects.requireNonNull(objective, "objective");
		Objects.requireNonNull(model, "model");
		parameters = List.copyOf(parameters);
		if (parameters.isEmpty()) {
			throw new IllegalArgumentException("at least one parameter is needed");
		}
		if (parameters.stream().map(ParameterSpec::name).distinct().count() != parameters.size()) {
			throw new IllegalArgumentException("parameter names must be unique");
		}
		if (maxIterations < 1 || maxInvalidReplies < 0 || maxSweepPoints < 1) {
			throw new IllegalArgumentException("maxIterations and maxSweepPoints must be positive, maxInvalidReplies >= 0");
		}
	}

	public static AgentSpec of(String strategyId, String dataSeries, List<ParameterSpec> parameters,
			Objective objective, int maxIterations, String model) {
		return new AgentSpec(strategyId, dataSeries, parameters, objective, maxIterations, model,
				DEFAULT_MAX_INVALID_REPLIES, DEFAULT_MAX_SWEEP_POINTS);
	}
}
