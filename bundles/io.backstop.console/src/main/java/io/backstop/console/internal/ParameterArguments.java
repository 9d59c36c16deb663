package io.backstop.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.ParameterType;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;

/**
 * Parameter values typed on the console, checked against a strategy's specs: {@code name=value}
 * for a backtest; {@code name=from:to:step}, {@code name=v1,v2,v3} or {@code name=v} for a sweep.
 * Every problem is a {@link UsageException} naming the parameter and what is wrong with it.
 */
final class ParameterArguments {

	/** Most values one swept parameter may take. */
	static final int MAX_VALUES_PER_PARAMETER = 100_000;

	/** One swept parameter and its values, in order. */
	record Axis(String name, double[] values, boolean given) {
	}

	private ParameterArguments() {
	}

	/**
	 * Values for a single backtest: those given, checked; the others keep their defaults.
	 *
	 * @return the complete parameters, in the strategy's order
	 */
	static Parameters single(Strategy strategy, List<String> assignments) throws UsageException {
		Map<String, Double> given = new LinkedHashMap<>();
		for (String assignment : assignments) {
			String[] nv = split(strategy, assignment, "name=value");
			ParameterSpec spec = spec(strategy, nv[0]);
			if (given.containsKey(spec.name())) {
				throw new UsageException("parameter " + spec.name() + " given twice");
			}
			given.put(spec.name(), value(spec, nv[1]));
		}
		Map<String, Double> all = new LinkedHashMap<>();
		for (ParameterSpec spec : strategy.parameters()) {
			all.put(spec.name(), given.getOrDefault(spec.name(), spec.defaultValue()));
		}
		return Parameters.of(all);
	}

	/**
	 * The axes of a sweep, one per parameter of the strategy in its order: the values given, or
	 * the parameter's default sweep range.
	 */
	static List<Axis> sweep(Strategy strategy, List<String> assignments) throws UsageException {
		Map<String, Axis> given = new LinkedHashMap<>();
		for (String assignment : assignments) {
			String[] nv = split(strategy, assignment, "name=from:to:step or name=v1,v2,...");
			ParameterSpec spec = spec(strategy, nv[0]);
			if (given.containsKey(spec.name())) {
				throw new UsageException("parameter " + spec.name() + " given twice");
			}
			given.put(spec.name(), new Axis(spec.name(), values(spec, nv[1]), true));
		}
		List<Axis> axes = new ArrayList<>();
		for (ParameterSpec spec : strategy.parameters()) {
			Axis axis = given.get(spec.name());
			axes.add(axis != null ? axis : new Axis(spec.name(), defaultValues(spec), false));
		}
		return axes;
	}

	/** Combinations of the axes; {@link Long#MAX_VALUE} when the product overflows. */
	static long combinations(List<Axis> axes) {
		long total = 1;
		for (Axis axis : axes) {
			try {
				total = Math.multiplyExact(total, (long) axis.values().length);
			} catch (ArithmeticException e) {
				return Long.MAX_VALUE;
			}
		}
		return total;
	}

	private static double[] defaultValues(ParameterSpec spec) {
		double[] values = spec.sweepValues();
		return values.length == 0 ? new double[] { spec.defaultValue() } : values;
	}

	/** The values of {@code name=...}: a range {@code from:to:step}, a list {@code a,b,c} or one value. */
	static double[] values(ParameterSpec spec, String text) throws UsageException {
		String t = text.strip();
		if (t.isEmpty()) {
			throw new UsageException("parameter " + spec.name() + " has no value");
		}
		if (t.contains(":")) {
			String[] parts = t.split(":", -1);
			if (parts.length != 3) {
				throw new UsageException("parameter " + spec.name() + ": range '" + text + "' must be from:to:step");
			}
			double from = number(spec, parts[0]);
			double to = number(spec, parts[1]);
			double step = number(spec, parts[2]);
			if (!(step > 0)) {
				throw new UsageException("parameter " + spec.name() + ": step must be positive, got " + parts[2].strip());
			}
			if (to < from) {
				throw new UsageException("parameter " + spec.name() + ": range " + text + " ends below its start");
			}
			if ((to - from) / step + 1 > MAX_VALUES_PER_PARAMETER) {
				throw new UsageException("parameter " + spec.name() + ": range " + text + " has more than "
						+ Units.count(MAX_VALUES_PER_PARAMETER) + " values");
			}
			if (spec.type() == ParameterType.INT && step != Math.rint(step)) {
				throw new UsageException("parameter " + spec.name() + " is a whole number: step " + parts[2].strip()
						+ " is not");
			}
			double[] values = spec.range(from, to, step);
			for (double v : values) {
				check(spec, v);
			}
			return values;
		}
		String[] items = t.split(",", -1);
		double[] values = new double[items.length];
		Set<Double> seen = new LinkedHashSet<>();
		for (int i = 0; i < items.length; i++) {
			if (items[i].isBlank()) {
				throw new UsageException("parameter " + spec.name() + ": empty value in list '" + text + "'");
			}
			values[i] = check(spec, number(spec, items[i]));
			if (!seen.add(values[i])) {
				throw new UsageException("parameter " + spec.name() + ": value " + items[i].strip() + " listed twice");
			}
		}
		return values;
	}

	/** One value, checked against the spec. */
	static double value(ParameterSpec spec, String text) throws UsageException {
		if (text.isBlank()) {
			throw new UsageException("parameter " + spec.name() + " has no value");
		}
		if (text.contains(":") || text.contains(",")) {
			throw new UsageException("parameter " + spec.name() + ": a backtest takes one value, got '" + text
					+ "' (ranges and lists are for backstop:sweep)");
		}
		return check(spec, number(spec, text));
	}

	private static double number(ParameterSpec spec, String text) throws UsageException {
		String t = text.strip();
		try {
			double v = Double.parseDouble(t);
			if (Double.isFinite(v) && !t.endsWith("d") && !t.endsWith("D") && !t.endsWith("f") && !t.endsWith("F")) {
				return v;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new UsageException("parameter " + spec.name() + ": '" + t + "' is not a number");
	}

	private static double check(ParameterSpec spec, double value) throws UsageException {
		try {
			return spec.validate(value);
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	private static String[] split(Strategy strategy, String assignment, String form) throws UsageException {
		int eq = assignment.indexOf('=');
		if (eq <= 0) {
			throw new UsageException("expected " + form + ", got '" + assignment + "'");
		}
		return new String[] { assignment.substring(0, eq).strip(), assignment.substring(eq + 1) };
	}

	private static ParameterSpec spec(Strategy strategy, String name) throws UsageException {
		return strategy.parameter(name).orElseThrow(() -> new UsageException("unknown parameter " + name + " for "
				+ strategy.id() + "; its parameters: "
				+ strategy.parameters().stream().map(ParameterSpec::name).collect(Collectors.joining(", "))));
	}
}
