package io.backstop.llm;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Runs one backtest for a parameter set. The agent depends on this rather than on the engine
 * so that it can be driven by any evaluator (a backtest, a sweep cell, a test function).
 */
@FunctionalInterface
public interface Evaluator {

	/**
	 * @param parameters values already validated against the {@link ParameterSpec}s
	 * @param cancelled  polled by long evaluations; true once the run is halted
	 * @return metrics by name, for example {@code sharpe}, {@code total_return}, {@code trades}
	 * @throws Exception an evaluation error; the agent reports it to the model and goes on
	 */
	Map<String, Double> evaluate(Map<String, Number> parameters, BooleanSupplier cancelled) throws Exception;
}
