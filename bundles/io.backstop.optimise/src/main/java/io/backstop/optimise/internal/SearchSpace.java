package io.backstop.optimise.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.backstop.backtest.ParameterGrid;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.sweep.ParameterRange;

/**
 * A search's grid: every parameter of the strategy, in its order, with the values it may take (the
 * range the spec gives it, else its default sweep range). A point is one value index per parameter.
 * Its points are those the strategy's constraints admit ({@link ParameterGrid}): {@link #size()}
 * counts them, {@link #pointAt(long)} numbers them and {@link #admits(int[])} tells one apart.
 */
final class SearchSpace {

	private final String[] names;
	private final double[][] values;
	private final ParameterGrid admitted;
	/** Parameter positions in the order the grid numbers its points by: constrained ones first, then the others. */
	private final int[] numberingOrder;

	private SearchSpace(String[] names, double[][] values, ParameterGrid admitted) {
		this.names = names;
		this.values = values;
		this.admitted = admitted;
		java.util.Set<String> constrained = new java.util.HashSet<>();
		admitted.constraints().forEach(c -> {
			constrained.add(c.left());
			constrained.add(c.right());
		});
		this.numberingOrder = java.util.stream.IntStream.concat(
				java.util.stream.IntStream.range(0, names.length).filter(k -> constrained.contains(names[k])),
				java.util.stream.IntStream.range(0, names.length).filter(k -> !constrained.contains(names[k]))).toArray();
	}

	/**
	 * @throws IllegalArgumentException naming a parameter the strategy does not have, a value outside its
	 *                                  bounds, or ranges of which the strategy's constraints admit no point
	 */
	static SearchSpace of(Strategy strategy, List<ParameterRange> ranges) {
		Map<String, ParameterRange> given = new LinkedHashMap<>();
		for (ParameterRange r : ranges) {
			if (strategy.parameter(r.name()).isEmpty()) {
				throw new IllegalArgumentException("unknown parameter " + r.name() + " of " + strategy.id()
						+ "; expected one of " + strategy.parameters().stream().map(ParameterSpec::name)
								.collect(Collectors.joining(", ")));
			}
			given.put(r.name(), r);
		}
		List<ParameterSpec> specs = strategy.parameters();
		String[] names = new String[specs.size()];
		double[][] values = new double[specs.size()][];
		for (int k = 0; k < names.length; k++) {
			ParameterSpec spec = specs.get(k);
			names[k] = spec.name();
			ParameterRange range = given.get(spec.name());
			values[k] = range != null ? range.values() : spec.sweepValues();
			if (values[k].length == 0) {
				throw new IllegalArgumentException("parameter " + spec.name() + ": the range holds no value");
			}
			for (double v : values[k]) {
				spec.validate(v);
			}
		}
		ParameterGrid admitted = ParameterGrid.of(List.of(names), List.of(values), strategy.constraints())
				.requireAdmitted(strategy.id());
		return new SearchSpace(names, values, admitted);
	}

	int dimensions() {
		return names.length;
	}

	String name(int k) {
		return names[k];
	}

	/** Values of parameter {@code k}. */
	int size(int k) {
		return values[k].length;
	}

	/** Points of the grid the strategy's constraints admit. */
	long size() {
		return admitted.size();
	}

	/** Whether the strategy's constraints admit a point. */
	boolean admits(int[] point) {
		double[] v = new double[names.length];
		for (int k = 0; k < v.length; k++) {
			v[k] = values[k][point[k]];
		}
		return admitted.admits(v);
	}

	/** The admitted point numbered {@code index}, {@code 0 .. size() - 1}. */
	int[] pointAt(long index) {
		double[] v = new double[names.length];
		admitted.decode(index, v);
		int[] point = new int[names.length];
		for (int k = 0; k < point.length; k++) {
			int i = 0;
			while (values[k][i] != v[k]) {
				i++;
			}
			point[k] = i;
		}
		return point;
	}

	/**
	 * The number of an admitted point, as {@link #pointAt(long)} numbers it (and a sweep over this space's
	 * ranges numbers its combinations): the grid numbers the constrained parameters' admitted values
	 * first, the others after, each by value index, so the numbers rise with the indices in that order and
	 * a binary search finds it.
	 *
	 * @throws IllegalArgumentException when the constraints refuse the point
	 */
	long indexOf(int[] point) {
		long lo = 0;
		long hi = size() - 1;
		while (lo <= hi) {
			long mid = (lo + hi) >>> 1;
			int order = compareInNumbering(pointAt(mid), point);
			if (order == 0) {
				return mid;
			}
			if (order < 0) {
				lo = mid + 1;
			} else {
				hi = mid - 1;
			}
		}
		throw new IllegalArgumentException("point " + parameters(point) + " is not admitted");
	}

	private int compareInNumbering(int[] a, int[] b) {
		for (int k : numberingOrder) {
			if (a[k] != b[k]) {
				return Integer.compare(a[k], b[k]);
			}
		}
		return 0;
	}

	/** The position in [0, 1) at the centre of value {@code index} of parameter {@code k}: {@link #index} reads it back. */
	double unit(int k, int index) {
		return (index + 0.5) / values[k].length;
	}

	double value(int k, int index) {
		return values[k][index];
	}

	/** The parameters of a point, by name in the strategy's order. */
	Map<String, Double> parameters(int[] point) {
		Map<String, Double> p = new LinkedHashMap<>();
		for (int k = 0; k < names.length; k++) {
			p.put(names[k], values[k][point[k]]);
		}
		return p;
	}

	/** The point of parameter values (each one of its range's values). */
	int[] point(Map<String, Double> parameters) {
		int[] point = new int[names.length];
		for (int k = 0; k < names.length; k++) {
			double v = parameters.get(names[k]);
			point[k] = -1;
			for (int i = 0; i < values[k].length; i++) {
				if (values[k][i] == v) {
					point[k] = i;
				}
			}
			if (point[k] < 0) {
				throw new IllegalArgumentException("parameter " + names[k] + " = " + v + " is not in the search's range");
			}
		}
		return point;
	}

	/** The grid index nearest to a position in [0, 1] along parameter {@code k}. */
	int index(int k, double unit) {
		int n = values[k].length;
		return Math.min(n - 1, Math.max(0, (int) Math.floor(unit * n)));
	}

	/** The ranges of this space, for files. */
	List<ParameterRange> ranges() {
		List<ParameterRange> ranges = new ArrayList<>();
		for (int k = 0; k < names.length; k++) {
			ranges.add(ParameterRange.values(names[k], values[k]));
		}
		return ranges;
	}

	List<String> names() {
		return List.of(names);
	}
}
