package io.backstop.sweep.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.backstop.backtest.ParameterConstraint;
import io.backstop.backtest.ParameterGrid;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepSpec;

/**
 * A sweep's grid over every parameter of the strategy, in the strategy's order: ranged
 * parameters take their range's values, the others their default. Only the combinations the
 * strategy's constraints admit are in it, numbered {@code 0 .. total() - 1} by a
 * {@link ParameterGrid}: the constrained parameters vary slowest, then the ranges in the spec's
 * order, the last fastest (without constraints, the mixed radix of the ranges, first range most
 * significant). Combination {@code index} is decoded without materialising the grid.
 */
final class Grid {

	private final List<String> names;
	private final double[][] valuesByParameter;
	private final ParameterGrid admitted;
	/** Strategy position of each of {@link #admitted}'s parameters. */
	private final int[] strategyPosition;
	private final long block;

	private Grid(List<String> names, double[][] valuesByParameter, ParameterGrid admitted, int[] strategyPosition,
			long block) {
		this.names = names;
		this.valuesByParameter = valuesByParameter;
		this.admitted = admitted;
		this.strategyPosition = strategyPosition;
		this.block = block;
	}

	/**
	 * @throws IllegalArgumentException for a range naming no parameter of the strategy, a value
	 *                                  outside the parameter's valid range, or ranges of which the
	 *                                  strategy's constraints admit no combination
	 */
	static Grid of(Strategy strategy, SweepSpec spec) {
		List<ParameterSpec> specs = strategy.parameters();
		Map<String, Integer> position = new HashMap<>();
		List<String> names = new ArrayList<>();
		double[][] values = new double[specs.size()][];
		for (int p = 0; p < specs.size(); p++) {
			position.put(specs.get(p).name(), p);
			names.add(specs.get(p).name());
			values[p] = new double[] { specs.get(p).defaultValue() };
		}
		List<Integer> order = new ArrayList<>();
		for (ParameterRange range : spec.ranges()) {
			Integer p = position.get(range.name());
			if (p == null) {
				throw new IllegalArgumentException("strategy " + strategy.id() + " has no parameter " + range.name()
						+ "; its parameters: " + String.join(", ", names));
			}
			double[] v = range.values();
			for (double value : v) {
				specs.get(p).validate(value);
			}
			values[p] = v;
			order.add(p);
		}
		for (int p = 0; p < specs.size(); p++) {
			if (!order.contains(p)) {
				order.add(p);
			}
		}
		int[] strategyPosition = order.stream().mapToInt(Integer::intValue).toArray();
		ParameterGrid admitted = ParameterGrid.of(order.stream().map(names::get).toList(),
				order.stream().map(p -> values[p]).toList(), strategy.constraints()).requireAdmitted(strategy.id());
		return new Grid(List.copyOf(names), values, admitted, strategyPosition,
				block(order, values, names, strategy.constraints()));
	}

	/**
	 * The value counts multiplied over the parameters that vary faster than the slowest ones: the
	 * free parameters under constraints, else every range but the first.
	 */
	private static long block(List<Integer> order, double[][] values, List<String> names,
			List<ParameterConstraint> constraints) {
		Set<String> constrained = new HashSet<>();
		for (ParameterConstraint c : constraints) {
			constrained.add(c.left());
			constrained.add(c.right());
		}
		long block = 1;
		for (int i = constrained.isEmpty() ? 1 : 0; i < order.size(); i++) {
			int p = order.get(i);
			if (!constrained.contains(names.get(p))) {
				block = values[p].length > Long.MAX_VALUE / block ? Long.MAX_VALUE : block * values[p].length;
			}
		}
		return block;
	}

	/** Parameter names in the strategy's order (the results file's parameter columns). */
	List<String> names() {
		return names;
	}

	int parameterCount() {
		return names.size();
	}

	/** Combinations the strategy's constraints admit. */
	long total() {
		return admitted.size();
	}

	/**
	 * How many consecutive combinations share the values of the slowest-varying parameters (the
	 * constrained ones, or without constraints the first range). What a strategy prepares per value
	 * of those, such as the z-score kernel's statistics per {@code bb_period}, serves one block: work
	 * handed out in whole blocks is prepared in one place only.
	 */
	long block() {
		return block;
	}

	/** Combinations of the ranges before the constraints. */
	long unconstrainedTotal() {
		return admitted.unconstrainedSize();
	}

	/** The constraints the combinations are numbered by, as a checkpoint records them ({@code fast_period < slow_period}). */
	String constraints() {
		return ParameterConstraint.describe(admitted.constraints());
	}

	/** Whether the numbering is the ranges' plain mixed radix, as before constraints existed. */
	boolean numberedAsUnconstrained() {
		return admitted.numberedAsUnconstrained();
	}

	/** Writes combination {@code index}'s value of every parameter into {@code out}, strategy order. */
	void decode(long index, double[] out) {
		admitted.decode(index, out, strategyPosition);
	}

	/** Distinct values a parameter takes in this grid. */
	double[] values(String name) {
		return valuesByParameter[names.indexOf(name)].clone();
	}

	/** Values as a name-to-value map, strategy order. */
	Map<String, Double> asMap(double[] values) {
		Map<String, Double> map = new LinkedHashMap<>();
		for (int p = 0; p < names.size(); p++) {
			map.put(names.get(p), values[p]);
		}
		return map;
	}
}
