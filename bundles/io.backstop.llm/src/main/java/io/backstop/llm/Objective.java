package io.backstop.llm;

import java.util.Map;
import java.util.Objects;

/** The metric the agent optimises and in which direction. */
public record Objective(String metric, boolean maximize) {

	public Objective {
		Objects.requireNonNull(metric, "metric");
	}

	public static Objective maximize(String metric) {
		return new Objective(metric, true);
	}

	public static Objective minimize(String metric) {
		return new Objective(metric, false);
	}

	/** The objective's value in {@code metrics}; NaN when absent or not a number. */
	public double valueOf(Map<String, Double> metrics) {
		Double v = metrics == null ? null : metrics.get(metric);
		return v == null ? Double.NaN : v;
	}

	/** True when {@code candidate} beats {@code incumbent}; NaN never beats anything, anything beats NaN. */
	public boolean isBetter(double candidate, double incumbent) {
		if (Double.isNaN(candidate)) {
			return false;
		}
		if (Double.isNaN(incumbent)) {
			return true;
		}
		return maximize ? candidate > incumbent : candidate < incumbent;
	}

	public String describe() {
		return (maximize ? "maximise " : "minimise ") + metric;
	}
}
