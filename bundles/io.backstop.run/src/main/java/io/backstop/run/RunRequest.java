package io.backstop.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.backstop.backtest.RunSettings;

/**
 * What a person asks the {@link RunService} to run. The data is the service's open series
 * ({@link RunService#series()}), not part of the request.
 * <p>
 * Parameters not given take their default value in a backtest, their default sweep range in a
 * sweep, and the bounds of their default sweep range in an LLM run. The record checks what it can
 * alone (counts, nulls); {@link RunService#validate(RunRequest)} checks the rest against the
 * strategy: each problem is one line naming the field.
 *
 * @param kind          backtest, sweep, LLM run, search or walk-forward
 * @param strategyId    the strategy's stable id
 * @param parameters    inputs by parameter name, in the order given
 * @param settings      capital, costs, sizing, shorts, ruin
 * @param objective     what ranks a sweep's combinations or an LLM run's iterations
 * @param workers       a sweep's worker threads, or a search's (each window's of a walk-forward); 0 for one per processor
 * @param topK          how many best combinations a sweep keeps (and adds to the results)
 * @param llmIterations an LLM run's budget of evaluated iterations
 * @param llmModel      the Ollama model an LLM run asks; null for the configured one
 * @param range         the bars of the open series the run uses
 * @param search        a search's method, budget, seed and patience; also each window's search of a walk-forward
 * @param walkForward   a walk-forward's windows, or its holdout split
 * @param cluster       a sweep's ranges, a search's or walk-forward's points go to the other members of the cluster too
 */
public record RunRequest(RunKind kind, String strategyId, Map<String, ParameterInput> parameters, RunSettings settings,
		RunObjective objective, int workers, int topK, int llmIterations, String llmModel, DateRange range,
		Search search, WalkForward walkForward, boolean cluster) {

	/**
	 * How a search picks and counts its evaluations.
	 *
	 * @param method   "random", "genetic" or "cmaes" as typed; the service checks it
	 * @param budget   evaluations at most, 1 to 10,000,000
	 * @param seed     the random seed: the same seed gives the same evaluations
	 * @param patience the search ends after this many evaluations without a better objective; 0 for never
	 */
	public record Search(String method, int budget, long seed, int patience) {

		/** A genetic search of 200 evaluations, seed 1, no patience. */
		public static final Search DEFAULT = new Search("genetic", 200, 1, 0);

		public Search {
			Objects.requireNonNull(method, "method");
			if (budget < 1 || budget > 10_000_000) {
				throw new IllegalArgumentException("budget must be between 1 and 10,000,000 evaluations, not " + budget);
			}
			if (patience < 0) {
				throw new IllegalArgumentException("patience must be 0 (none) or more evaluations, not " + patience);
			}
		}
	}

	/**
	 * A walk-forward's windows: {@code windows} windows of {@code inBars} in-sample and {@code outBars}
	 * out-of-sample bars, rolling or anchored; or, when {@code holdoutBars > 0}, one split that tests on
	 * the last {@code holdoutBars} bars (the other fields are then not used).
	 */
	public record WalkForward(int windows, int inBars, int outBars, boolean anchored, int holdoutBars) {

		/** Four rolling windows of 8,000 in-sample and 2,000 out-of-sample bars. */
		public static final WalkForward DEFAULT = new WalkForward(4, 8_000, 2_000, false, 0);

		public WalkForward {
			if (holdoutBars < 0) {
				throw new IllegalArgumentException("holdout must be a number of bars, not " + holdoutBars);
			}
			if (holdoutBars == 0 && (windows < 1 || inBars < 1 || outBars < 1)) {
				throw new IllegalArgumentException("windows, in-sample and out-of-sample bars must be at least 1, not "
						+ windows + ", " + inBars + " and " + outBars);
			}
		}

		/** A holdout split testing on the last {@code bars} bars. */
		public static WalkForward holdout(int bars) {
			return new WalkForward(1, 1, bars, false, bars);
		}

		public boolean isHoldout() {
			return holdoutBars > 0;
		}
	}


	/** Top-K of a sweep unless set. */
	public static final int DEFAULT_TOP_K = 20;
	/** Iterations of an LLM run unless set. */
	public static final int DEFAULT_LLM_ITERATIONS = 10;

	public RunRequest {
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(strategyId, "strategyId");
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(objective, "objective");
		range = range == null ? DateRange.ALL : range;
		search = search == null ? Search.DEFAULT : search;
		walkForward = walkForward == null ? WalkForward.DEFAULT : walkForward;
		parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
		if (strategyId.isBlank()) {
			throw new IllegalArgumentException("strategy: none given");
		}
		if (workers < 0 || workers > 1024) {
			throw new IllegalArgumentException("workers must be between 0 (one per processor) and 1,024, not " + workers);
		}
		if (topK < 1 || topK > 10_000) {
			throw new IllegalArgumentException("top K must be between 1 and 10,000, not " + topK);
		}
		if (llmIterations < 1 || llmIterations > 1000) {
			throw new IllegalArgumentException("iterations must be between 1 and 1,000, not " + llmIterations);
		}
		if (llmModel != null && (llmModel.isBlank() || llmModel.chars().anyMatch(Character::isWhitespace))) {
			throw new IllegalArgumentException("model: '" + llmModel + "' is not a model name");
		}
	}

	/** A request of {@code kind} for a strategy: default settings, objective, workers, top K and iterations. */
	public static Builder builder(RunKind kind, String strategyId) {
		return new Builder(kind, strategyId);
	}

	/** A builder holding this request's values. */
	public Builder toBuilder() {
		Builder b = new Builder(kind, strategyId).settings(settings).objective(objective).workers(workers).topK(topK)
				.llmIterations(llmIterations).llmModel(llmModel).range(range).search(search).walkForward(walkForward)
				.cluster(cluster);
		b.parameters.putAll(parameters);
		return b;
	}

	/** Builds a {@link RunRequest}. */
	public static final class Builder {
		private final RunKind kind;
		private final String strategyId;
		private final Map<String, ParameterInput> parameters = new LinkedHashMap<>();
		private RunSettings settings = RunSettings.defaults();
		private RunObjective objective = RunObjective.DEFAULT;
		private int workers;
		private int topK = DEFAULT_TOP_K;
		private int llmIterations = DEFAULT_LLM_ITERATIONS;
		private String llmModel;
		private DateRange range = DateRange.ALL;
		private Search search = Search.DEFAULT;
		private WalkForward walkForward = WalkForward.DEFAULT;
		private boolean cluster;

		private Builder(RunKind kind, String strategyId) {
			this.kind = kind;
			this.strategyId = strategyId;
		}

		/**
		 * A parameter's input.
		 *
		 * @throws IllegalArgumentException when the parameter was already given
		 */
		public Builder parameter(String name, ParameterInput input) {
			Objects.requireNonNull(input, name);
			if (parameters.putIfAbsent(name, input) != null) {
				throw new IllegalArgumentException("parameter " + name + " given twice");
			}
			return this;
		}

		/**
		 * A parameter as a person typed it ({@code 20}, {@code 10:50:5}, {@code 10,20,30}, {@code 1.5:3}); checked
		 * against the strategy by {@link RunService#validate(RunRequest)}.
		 *
		 * @throws IllegalArgumentException one line naming the parameter when the text is no input
		 */
		public Builder parameter(String name, String typed) {
			return parameter(name, ParameterInput.parse(name, typed));
		}

		public Builder settings(RunSettings value) {
			settings = value;
			return this;
		}

		public Builder objective(RunObjective value) {
			objective = value;
			return this;
		}

		/** 0 (the default): one per processor. */
		public Builder workers(int value) {
			workers = value;
			return this;
		}

		public Builder topK(int value) {
			topK = value;
			return this;
		}

		public Builder llmIterations(int value) {
			llmIterations = value;
			return this;
		}

		/** Null (the default): the model the Ollama setting names. */
		public Builder llmModel(String value) {
			llmModel = value;
			return this;
		}

		/** {@link DateRange#ALL} (the default): every bar of the open series. */
		public Builder range(DateRange value) {
			range = value;
			return this;
		}

		/** {@link Search#DEFAULT} unless set. */
		public Builder search(Search value) {
			search = value;
			return this;
		}

		/** {@link WalkForward#DEFAULT} unless set. */
		public Builder walkForward(WalkForward value) {
			walkForward = value;
			return this;
		}

		/** False (the default): the sweep runs on this Backstop alone. */
		public Builder cluster(boolean value) {
			cluster = value;
			return this;
		}

		public RunRequest build() {
			return new RunRequest(kind, strategyId, parameters, settings, objective, workers, topK, llmIterations,
					llmModel, range, search, walkForward, cluster);
		}
	}
}
