package io.backstop.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;

/**
 * What a sweep computes: a strategy over a series, for every combination of the parameter
 * ranges, ranked by an objective.
 * <p>
 * The grid is never materialised: combination {@code index} is decoded in mixed radix, the
 * first range most significant and the last one varying fastest (for {@code bb_period,
 * entry_z, k_sl} that is period-major order, as the original application's grid). Parameters
 * of the strategy not given a range keep their default. A sweep runs only the combinations its
 * strategy's {@linkplain io.backstop.backtest.Strategy#constraints() constraints} admit, numbered
 * {@code 0 .. N - 1} by an {@link io.backstop.backtest.ParameterGrid} (the constrained parameters
 * vary slowest); its {@link SweepStatus#combosTotal()} is that N. Without constraints the two
 * numberings are the same.
 *
 * @param strategyId a strategy id of the {@code io.backstop.backtest.StrategyRegistry}
 * @param series     the bars (shared, not copied)
 * @param ranges     one range per swept parameter, names unique
 * @param settings   account and execution settings of every run
 * @param objective  what ranks the combinations
 * @param topK       how many best combinations are kept in memory ({@code >= 1})
 * @param workers    worker threads; 0 means one per available processor
 */
public record SweepSpec(String strategyId, OhlcvSeries series, List<ParameterRange> ranges, RunSettings settings,
		Objective objective, int topK, int workers) {

	/** Default top-K size. */
	public static final int DEFAULT_TOP_K = 20;

	public SweepSpec {
		Objects.requireNonNull(strategyId, "strategyId");
		Objects.requireNonNull(series, "series");
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(objective, "objective");
		ranges = List.copyOf(ranges);
		if (ranges.isEmpty()) {
			throw new IllegalArgumentException("a sweep needs at least one parameter range");
		}
		Set<String> names = new HashSet<>();
		for (ParameterRange r : ranges) {
			if (!names.add(r.name())) {
				throw new IllegalArgumentException("parameter " + r.name() + " has two ranges");
			}
		}
		if (topK < 1) {
			throw new IllegalArgumentException("top-K must be at least 1, got " + topK);
		}
		if (workers < 0) {
			throw new IllegalArgumentException("workers must be 0 (one per processor) or more, got " + workers);
		}
		totalOf(ranges);
	}

	/** Starts a spec for a strategy and series; settings default to {@link RunSettings#defaults()}. */
	public static Builder builder(String strategyId, OhlcvSeries series) {
		return new Builder(strategyId, series);
	}

	/**
	 * Number of combinations of the ranges, before the strategy's constraints: the product of the
	 * ranges' sizes. What the sweep runs is {@link SweepStatus#combosTotal()}.
	 */
	public long totalCombos() {
		return totalOf(ranges);
	}

	/** The worker count to use: {@link #workers()}, or the available processors when 0. */
	public int effectiveWorkers() {
		return workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
	}

	/**
	 * The ranged parameters' values at position {@code index} of the ranges' mixed radix (defaults not
	 * included): the sweep's combination {@code index} for a strategy without constraints.
	 */
	public Parameters parametersAt(long index) {
		if (index < 0 || index >= totalCombos()) {
			throw new IndexOutOfBoundsException("combination " + index + " of " + totalCombos());
		}
		double[] values = new double[ranges.size()];
		long rest = index;
		for (int r = ranges.size() - 1; r >= 0; r--) {
			ParameterRange range = ranges.get(r);
			values[r] = range.value((int) (rest % range.size()));
			rest /= range.size();
		}
		Map<String, Double> map = new LinkedHashMap<>();
		for (int r = 0; r < values.length; r++) {
			map.put(ranges.get(r).name(), values[r]);
		}
		return Parameters.of(map);
	}

	/** A copy with another worker count (0: one per processor). */
	public SweepSpec withWorkers(int newWorkers) {
		return new SweepSpec(strategyId, series, ranges, settings, objective, topK, newWorkers);
	}

	private static long totalOf(List<ParameterRange> ranges) {
		long total = 1;
		for (ParameterRange r : ranges) {
			total = Math.multiplyExact(total, (long) r.size());
		}
		return total;
	}

	/** Builds a {@link SweepSpec}. */
	public static final class Builder {
		private final String strategyId;
		private final OhlcvSeries series;
		private final List<ParameterRange> ranges = new ArrayList<>();
		private RunSettings settings = RunSettings.defaults();
		private Objective objective = Objective.maximize(SweepMetrics.SHARPE);
		private int topK = DEFAULT_TOP_K;
		private int workers;

		private Builder(String strategyId, OhlcvSeries series) {
			this.strategyId = strategyId;
			this.series = series;
		}

		/** {@code start, start + step, ... stop} inclusive. */
		public Builder range(String name, double start, double stop, double step) {
			return range(ParameterRange.range(name, start, stop, step));
		}

		/** An explicit list of values. */
		public Builder values(String name, double... values) {
			return range(ParameterRange.values(name, values));
		}

		public Builder range(ParameterRange range) {
			ranges.add(range);
			return this;
		}

		public Builder settings(RunSettings value) {
			settings = value;
			return this;
		}

		public Builder objective(Objective value) {
			objective = value;
			return this;
		}

		/** Maximise ({@code higherIsBetter}) or minimise a metric. */
		public Builder objective(String metric, boolean higherIsBetter) {
			return objective(new Objective(metric,
					higherIsBetter ? Objective.Direction.MAXIMIZE : Objective.Direction.MINIMIZE));
		}

		public Builder topK(int value) {
			topK = value;
			return this;
		}

		/** 0 (the default): one per available processor. */
		public Builder workers(int value) {
			workers = value;
			return this;
		}

		public SweepSpec build() {
			return new SweepSpec(strategyId, series, ranges, settings, objective, topK, workers);
		}
	}
}
