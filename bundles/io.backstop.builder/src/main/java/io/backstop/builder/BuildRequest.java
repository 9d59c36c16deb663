package io.backstop.builder;

import java.time.Duration;
import java.util.Objects;

import io.backstop.run.RunObjective;

/**
 * What a builder session is asked: the objective in words, the model, the iteration budget and the
 * metric that ranks the iterations, with the limits every iteration keeps.
 *
 * @param objective   what the strategy should do, in words ("a trend follower that avoids chop")
 * @param model       the Ollama model; null for the one the Ollama setting names
 * @param iterations  iterations in all, 1 to 100
 * @param metric      what ranks iterations (a sweep metric: {@code sharpe}, {@code total_return_pct}, ...)
 * @param maxFixes    how many times compile errors are sent back to the model per iteration, 0 to 5
 * @param sweepBudget combinations of the small sweep after the default backtest, 0 to 100
 * @param runBudget   how long one backtest may run before it is abandoned
 */
public record BuildRequest(String objective, String model, int iterations, RunObjective metric, int maxFixes,
		int sweepBudget, Duration runBudget) {

	public static final int DEFAULT_ITERATIONS = 5;
	public static final int DEFAULT_MAX_FIXES = 2;
	public static final int DEFAULT_SWEEP_BUDGET = 12;
	public static final Duration DEFAULT_RUN_BUDGET = Duration.ofSeconds(30);

	public BuildRequest {
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(runBudget, "runBudget");
		if (objective == null || objective.isBlank()) {
			throw new IllegalArgumentException("objective: none given; say in words what the strategy should do");
		}
		objective = objective.strip();
		if (model != null && (model.isBlank() || model.chars().anyMatch(Character::isWhitespace))) {
			throw new IllegalArgumentException("model: '" + model + "' is not a model name");
		}
		if (iterations < 1 || iterations > 100) {
			throw new IllegalArgumentException("iterations must be between 1 and 100, not " + iterations);
		}
		if (maxFixes < 0 || maxFixes > 5) {
			throw new IllegalArgumentException("fixes must be between 0 and 5, not " + maxFixes);
		}
		if (sweepBudget < 0 || sweepBudget > 100) {
			throw new IllegalArgumentException("sweep budget must be between 0 and 100 combinations, not " + sweepBudget);
		}
		if (runBudget.toMillis() < 100 || runBudget.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("run budget must be between 0.1 s and 10 min, not " + runBudget);
		}
	}

	/** An objective with the defaults: the configured model, 5 iterations, maximise Sharpe, 2 fixes, 12 combinations, 30 s. */
	public static BuildRequest of(String objective) {
		return new BuildRequest(objective, null, DEFAULT_ITERATIONS, RunObjective.DEFAULT, DEFAULT_MAX_FIXES,
				DEFAULT_SWEEP_BUDGET, DEFAULT_RUN_BUDGET);
	}

	public BuildRequest withModel(String value) {
		return new BuildRequest(objective, value, iterations, metric, maxFixes, sweepBudget, runBudget);
	}

	public BuildRequest withIterations(int value) {
		return new BuildRequest(objective, model, value, metric, maxFixes, sweepBudget, runBudget);
	}

	public BuildRequest withMetric(RunObjective value) {
		return new BuildRequest(objective, model, iterations, value, maxFixes, sweepBudget, runBudget);
	}

	public BuildRequest withLimits(int fixes, int sweep, Duration run) {
		return new BuildRequest(objective, model, iterations, metric, fixes, sweep, run);
	}
}
