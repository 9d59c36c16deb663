package io.backstop.optimise;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepMetrics;

/**
 * One parameter set a search evaluated.
 *
 * @param index      its place in the search's order, from 0
 * @param parameters every searched parameter's value, in the strategy's order
 * @param metrics    the figures of its backtest ({@link SweepMetrics#FIGURES}); empty when
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

	/**
	 * Whether its equity reached zero ({@link SweepMetrics#ruined(Map)}).
	 *
	 * @since 1.3
	 */
	public boolean ruined() {
		return SweepMetrics.ruined(metrics);
	}

	/**
	 * Evaluations best first by an objective: valid ones before refused ones, those not ruined before
	 * ruined ones (whose figures up to the ruin can look better than any survivor's), then by the
	 * objective in its direction; ties keep their order.
	 *
	 * @since 1.3
	 */
	public static Comparator<Evaluation> bestFirst(Objective objective) {
		Comparator<Evaluation> byObjective = Comparator.comparingDouble(Evaluation::objective);
		return Comparator.comparing((Evaluation e) -> !e.valid()).thenComparing(Evaluation::ruined)
				.thenComparing(objective.direction() == Objective.Direction.MAXIMIZE ? byObjective.reversed() : byObjective);
	}
}
