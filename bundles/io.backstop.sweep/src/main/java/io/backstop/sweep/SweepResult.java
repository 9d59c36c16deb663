package io.backstop.sweep;

import java.util.Map;
import java.util.Objects;

/**
 * One computed outcome of a sweep: a combination and how many combinations gave the same outcome.
 *
 * @param index       its position among the combinations the strategy's constraints admit, 0 .. combinations - 1
 *                    (the first of those that gave this outcome)
 * @param parameters  every parameter of the strategy (ranged and fixed), in the strategy's order
 * @param metrics     the recorded metrics, in {@link SweepMetrics} column order
 * @param objective   the value of the spec's objective metric
 * @param sameOutcome how many combinations of the sweep gave this same outcome (every figure equal: the
 *                    same trades and final equity), this one included; 1 when it is the only one
 */
public record SweepResult(long index, Map<String, Double> parameters, Map<String, Double> metrics, double objective,
		long sameOutcome) {

	public SweepResult {
		Objects.requireNonNull(parameters, "parameters");
		Objects.requireNonNull(metrics, "metrics");
		if (sameOutcome < 1) {
			throw new IllegalArgumentException("an outcome comes from at least one combination, not " + sameOutcome);
		}
		parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
		metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
	}

	/** A combination whose outcome no other combination gave. */
	public SweepResult(long index, Map<String, Double> parameters, Map<String, Double> metrics, double objective) {
		this(index, parameters, metrics, objective, 1);
	}

	/** A metric by name, NaN when not recorded. */
	public double metric(String name) {
		Double v = metrics.get(name);
		return v == null ? Double.NaN : v;
	}

	/** {@code #12 bb_period=20, entry_z=2.5 -> sharpe=1.23}. */
	@Override
	public String toString() {
		StringBuilder s = new StringBuilder("#").append(index).append(' ');
		boolean first = true;
		for (Map.Entry<String, Double> e : parameters.entrySet()) {
			if (!first) {
				s.append(", ");
			}
			first = false;
			double v = e.getValue();
			s.append(e.getKey()).append('=').append(v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v));
		}
		s.append(" -> ").append(objective);
		return sameOutcome > 1 ? s.append(" (same outcome as ").append(sameOutcome - 1).append(" other combinations)").toString()
				: s.toString();
	}
}
