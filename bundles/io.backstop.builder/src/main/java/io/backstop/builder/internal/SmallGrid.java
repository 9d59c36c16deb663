package io.backstop.builder.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;

/**
 * The small sweep of a candidate: for each parameter three values of its default sweep range (its
 * first, middle and last), every combination of them, thinned to the budget by taking evenly spaced
 * combinations of the grid's order.
 */
final class SmallGrid {

	private static final int VALUES_PER_PARAMETER = 3;

	private SmallGrid() {
	}

	static List<Parameters> of(List<ParameterSpec> specs, int budget) {
		List<String> names = new ArrayList<>();
		List<double[]> values = new ArrayList<>();
		long total = 1;
		for (ParameterSpec spec : specs) {
			double[] range = spec.sweepValues();
			if (range.length == 0) {
				continue;
			}
			int n = Math.min(VALUES_PER_PARAMETER, range.length);
			double[] picked = new double[n];
			for (int k = 0; k < n; k++) {
				picked[k] = range[n == 1 ? 0 : (int) Math.round(k * (range.length - 1) / (double) (n - 1))];
			}
			names.add(spec.name());
			values.add(picked);
			// saturated: a strategy with dozens of parameters still gets valid, evenly spread combinations
			total = Math.min(total * n, 1L << 50);
		}
		if (names.isEmpty() || budget <= 0) {
			return List.of();
		}
		int count = (int) Math.min(total, budget);
		List<Parameters> combinations = new ArrayList<>(count);
		for (int k = 0; k < count; k++) {
			long index = count == total ? k : Math.round(k * (total - 1) / (double) Math.max(1, count - 1));
			Map<String, Double> combination = new LinkedHashMap<>();
			long rest = index;
			for (int p = names.size() - 1; p >= 0; p--) {
				double[] v = values.get(p);
				combination.put(names.get(p), v[(int) (rest % v.length)]);
				rest /= v.length;
			}
			Map<String, Double> ordered = new LinkedHashMap<>();
			names.forEach(name -> ordered.put(name, combination.get(name)));
			combinations.add(Parameters.of(ordered));
		}
		return combinations;
	}
}
