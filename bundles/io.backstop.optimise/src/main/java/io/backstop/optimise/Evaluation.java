package io.backstop.optimise;

import java.util.Map;
import java.util.Objects;

/**
 * One parameter set a search evaluated.
 *
 * @param index      its place in the search's order, from 0
 * @param parameters every searched parameter's value, in the strategy's order
 * @param metrics    the figures of its backtest ({@link io.backstop.sweep.SweepMetrics#FIGURES}); empty when
 *                   the strategy refused the parameters
 * @param objective  the objective's metric; NaN when refused
 */
public record Evaluation(int index, Map<String, Double> parameters, Map<String, Double> metrics, double objective) {

	public Evaluation {
		Objects.requireNonNull(parameters, "parameters");
		Objects.requireNonNull(metrics, "metrics");
		parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
		metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
	}

	/** False when the strategy refused the parameters (for example a fast period not below the slow one). */
	public boolean valid() {
		return !metrics.isEmpty();
	}
}
