package io.backstop.sweep;

import java.util.Objects;

/**
 * What ranks the combinations of a sweep: one of the metrics the sweep records (see
 * {@link SweepMetrics}) and whether higher or lower is better. Ties are broken by the
 * combination's index (lower first), so the top-K does not depend on the number of workers.
 * A combination without figures (parameters the strategy refused) is never ranked.
 *
 * @param metric    a metric name, for example {@link SweepMetrics#SHARPE}
 * @param direction MAXIMIZE or MINIMIZE
 */
public record Objective(String metric, Direction direction) {

	public Objective {
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(direction, "direction");
	}

	/** Higher is better. */
	public static Objective maximize(String metric) {
		return new Objective(metric, Direction.MAXIMIZE);
	}

	/** Lower is better. */
	public static Objective minimize(String metric) {
		return new Objective(metric, Direction.MINIMIZE);
	}

	/** Whether higher or lower objective values are better. */
	public enum Direction {
		MAXIMIZE, MINIMIZE
	}
}
