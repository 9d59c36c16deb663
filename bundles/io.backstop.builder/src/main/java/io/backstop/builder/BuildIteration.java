package io.backstop.builder;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One iteration of a session as it is kept in {@code SESSION/NN/result.json}.
 *
 * @param number     1-based
 * @param outcome    tested, failed or halted
 * @param idea       the model's proposal in one line
 * @param reason     why it failed or was halted; empty when tested
 * @param className  the strategy class the model was asked to write
 * @param source     {@code SESSION/NN/CLASS.java}; null when no source was written
 * @param fixes      compile fixes the model was asked for
 * @param figures    the best run's figures by metric name (as sweeps name them); empty unless tested
 * @param parameters the best run's parameters; empty unless tested
 * @param runs       backtests run: the default one and the sweep's combinations
 * @param score      the objective metric of the best run; NaN unless tested
 * @param analysis   the model's analysis of the results; empty when none was asked
 */
public record BuildIteration(int number, IterationOutcome outcome, String idea, String reason, String className,
		Path source, int fixes, Map<String, Double> figures, Map<String, Double> parameters, int runs, double score,
		String analysis) {

	public BuildIteration {
		Objects.requireNonNull(outcome, "outcome");
		idea = idea == null ? "" : idea;
		reason = reason == null ? "" : reason;
		analysis = analysis == null ? "" : analysis;
		figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
	}

	/** True when it has figures. */
	public boolean tested() {
		return outcome == IterationOutcome.TESTED;
	}
}
