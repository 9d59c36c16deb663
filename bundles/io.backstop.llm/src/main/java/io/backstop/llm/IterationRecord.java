package io.backstop.llm;

import java.util.Map;

/**
 * One evaluated iteration of a run, as also written to the run's log.
 *
 * @param iteration      1-based
 * @param action         the model's action: continue, sweep, accept
 * @param parameters     the parameter set evaluated (the best cell for a sweep)
 * @param metrics        its metrics; empty when the evaluation failed
 * @param objectiveValue the objective's value, NaN when unknown
 * @param reasoning      the model's reasoning
 * @param error          the evaluation error, or null
 */
public record IterationRecord(int iteration, String action, Map<String, Number> parameters,
		Map<String, Double> metrics, double objectiveValue, String reasoning, String error) {

	public IterationRecord {
		parameters = Map.copyOf(parameters);
		metrics = Map.copyOf(metrics);
	}
}
