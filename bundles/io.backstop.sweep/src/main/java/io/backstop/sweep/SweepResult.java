package io.backstop.sweep;

import java.util.Map;
import java.util.Objects;

/**
 * One computed combination.
 *
 * @param index      its position in the grid (see {@link SweepSpec#parametersAt(long)})
 * @param parameters every parameter of the strategy (ranged and fixed), in the strategy's order
 * @param metrics    the recorded metrics, in {@link SweepMetrics} column order
 * @param objective  the value of the spec's objective metric
 */
public record SweepResult(long index, Map<String, Double> parameters, Map<String, Double> metrics, double objective) {

	public SweepResult {
		Objects.requireNonNull(parameters, "parameters");
		Objects.requireNonNull(metrics, "metrics");
		parameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
		metrics = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metrics));
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
		return s.append(" -> ").append(objective).toString();
	}
}
