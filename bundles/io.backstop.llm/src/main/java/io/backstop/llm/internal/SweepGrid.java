package io.backstop.llm.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.backstop.llm.ParameterSpec;

/** The small grid a "sweep" action evaluates: evenly spaced points over the narrowed ranges. */
final class SweepGrid {

	private SweepGrid() {
	}

	/**
	 * @param base      a value for every parameter; swept parameters take grid values instead
	 * @param ranges    the narrowed {min, max} of each swept parameter, already validated
	 * @param maxPoints the most cells the grid may have
	 */
	static List<Map<String, Number>> cells(List<ParameterSpec> specs, Map<String, Number> base,
			Map<String, double[]> ranges, int maxPoints) {
		int perAxis = Math.max(1, (int) Math.floor(Math.pow(maxPoints, 1.0 / ranges.size()) + 1e-9));
		List<Map<String, Number>> cells = new ArrayList<>();
		cells.add(new LinkedHashMap<>(base));
		for (ParameterSpec spec : specs) {
			double[] range = ranges.get(spec.name());
			if (range == null) {
				continue;
			}
			List<Number> values = axis(spec, range[0], range[1], perAxis);
			List<Map<String, Number>> next = new ArrayList<>();
			for (Map<String, Number> cell : cells) {
				for (Number v : values) {
					Map<String, Number> c = new LinkedHashMap<>(cell);
					c.put(spec.name(), v);
					next.add(c);
				}
			}
			cells = next;
		}
		return cells;
	}

	private static List<Number> axis(ParameterSpec spec, double min, double max, int points) {
		if (points == 1 || min == max) {
			return List.of(spec.validate(spec.type() == ParameterSpec.Type.INTEGER ? Math.round((min + max) / 2) : (min + max) / 2));
		}
		if (spec.type() == ParameterSpec.Type.INTEGER) {
			TreeSet<Long> ints = new TreeSet<>();
			for (int i = 0; i < points; i++) {
				ints.add(Math.round(min + (max - min) * i / (points - 1)));
			}
			return new ArrayList<>(ints);
		}
		List<Number> values = new ArrayList<>();
		for (int i = 0; i < points; i++) {
			values.add(min + (max - min) * i / (points - 1));
		}
		return values;
	}
}
