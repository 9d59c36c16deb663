package io.backstop.run;

import java.util.Objects;

/**
 * What ranks the outcomes of a sweep or an LLM run: a metric the kind and strategy offer
 * ({@link RunService#metrics(RunKind, String)}) and whether higher or lower is better.
 *
 * @param metric   a metric name, for example {@code sharpe}
 * @param maximise true when higher is better
 */
public record RunObjective(String metric, boolean maximise) {

	/** The objective a request has unless it names one: maximise {@code sharpe}. */
	public static final RunObjective DEFAULT = maximise("sharpe");

	public RunObjective {
		Objects.requireNonNull(metric, "metric");
		if (metric.isBlank()) {
			throw new IllegalArgumentException("objective: no metric named");
		}
	}

	public static RunObjective maximise(String metric) {
		return new RunObjective(metric, true);
	}

	public static RunObjective minimise(String metric) {
		return new RunObjective(metric, false);
	}

	/** "maximise sharpe". */
	public String describe() {
		return (maximise ? "maximise " : "minimise ") + metric;
	}
}
