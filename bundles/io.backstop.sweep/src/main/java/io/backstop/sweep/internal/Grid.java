package io.backstop.sweep.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepSpec;

/**
 * A sweep's grid over every parameter of the strategy, in the strategy's order: ranged
 * parameters take their range's values, the others their default. Combination {@code index}
 * is decoded in mixed radix (first range most significant), so the grid is never materialised.
 */
final class Grid {

	private final List<String> names;
	private final double[][] valuesByParameter;
	/** Parameter positions (strategy order) of the ranges, most significant first. */
	private final int[] radixOrder;
	private final long total;

	private Grid(List<String> names, double[][] valuesByParameter, int[] radixOrder, long total) {
		this.names = names;
		this.valuesByParameter = valuesByParameter;
		this.radixOrder = radixOrder;
		this.total = total;
	}

	/**
	 * @throws IllegalArgumentException for a range naming no parameter of the strategy, or a
	 *                                  value outside the parameter's valid range
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
		int[] order = new int[spec.ranges().size()];
		for (int r = 0; r < order.length; r++) {
			ParameterRange range = spec.ranges().get(r);
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
			order[r] = p;
		}
		return new Grid(List.copyOf(names), values, order, spec.totalCombos());
	}

	/** Parameter names in the strategy's order (the results file's parameter columns). */
	List<String> names() {
		return names;
	}

	int parameterCount() {
		return names.size();
	}

	long total() {
		return total;
	}

	/** Writes combination {@code index}'s value of every parameter into {@code out}, strategy order. */
	void decode(long index, double[] out) {
		for (int p = 0; p < valuesByParameter.length; p++) {
			out[p] = valuesByParameter[p][0];
		}
		long rest = index;
		for (int r = radixOrder.length - 1; r >= 0; r--) {
			double[] v = valuesByParameter[radixOrder[r]];
			out[radixOrder[r]] = v[(int) (rest % v.length)];
			rest /= v.length;
		}
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
