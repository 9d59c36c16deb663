package io.backstop.run;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.ParameterType;

/**
 * What a person gives one strategy parameter: a {@link Value} ({@code 20}), a {@link Range}
 * ({@code 10:50:5}, from, to inclusive, step), a {@link ValueList} ({@code 10,20,30}) or
 * {@link Bounds} ({@code 1.5:3}, the lowest and highest value an LLM run may propose).
 * <p>
 * A backtest takes a value; a sweep a value (the parameter stays fixed), a range or a list; an
 * LLM run bounds or a value (fixed). Every problem is an {@link IllegalArgumentException} whose
 * message is one line naming the parameter.
 */
public sealed interface ParameterInput {

	/** Most values one swept parameter may take. */
	int MAX_VALUES = 100_000;

	/** One value. */
	record Value(double value) implements ParameterInput {
		@Override
		public String text() {
			return Formats.plain(value);
		}
	}

	/** {@code from, from + step, ...} up to {@code to} inclusive. */
	record Range(double from, double to, double step) implements ParameterInput {
		@Override
		public String text() {
			return Formats.plain(from) + ":" + Formats.plain(to) + ":" + Formats.plain(step);
		}
	}

	/** Values in the order given, none twice. */
	record ValueList(List<Double> values) implements ParameterInput {
		public ValueList {
			values = List.copyOf(values);
		}

		@Override
		public String text() {
			StringBuilder s = new StringBuilder();
			for (double v : values) {
				s.append(s.isEmpty() ? "" : ",").append(Formats.plain(v));
			}
			return s.toString();
		}
	}

	/** The lowest and highest value, both allowed. */
	record Bounds(double low, double high) implements ParameterInput {
		@Override
		public String text() {
			return Formats.plain(low) + ":" + Formats.plain(high);
		}
	}

	/** The input as a person types it: {@code 20}, {@code 10:50:5}, {@code 10,20,30}, {@code 1.5:3}. */
	String text();

	/**
	 * Reads what a person typed for one parameter, checks it against the parameter's type and
	 * bounds, and that {@code kind} takes it.
	 *
	 * @throws IllegalArgumentException one line naming the parameter
	 */
	static ParameterInput parse(ParameterSpec spec, RunKind kind, String typed) {
		return parse(spec.name(), typed).check(spec, kind);
	}

	/**
	 * Reads what a person typed, without a parameter's spec: the form only.
	 *
	 * @param name the parameter, for the message
	 * @throws IllegalArgumentException one line naming the parameter
	 */
	static ParameterInput parse(String name, String typed) {
		String t = typed == null ? "" : typed.strip();
		if (t.isEmpty()) {
			throw new IllegalArgumentException("parameter " + name + " has no value");
		}
		if (t.contains(":")) {
			String[] parts = t.split(":", -1);
			if (parts.length == 2) {
				return new Bounds(number(name, parts[0]), number(name, parts[1]));
			}
			if (parts.length == 3) {
				return new Range(number(name, parts[0]), number(name, parts[1]), number(name, parts[2]));
			}
			throw new IllegalArgumentException(
					"parameter " + name + ": '" + t + "' must be from:to:step (a range) or low:high (bounds)");
		}
		if (t.contains(",")) {
			String[] items = t.split(",", -1);
			Double[] values = new Double[items.length];
			for (int i = 0; i < items.length; i++) {
				if (items[i].isBlank()) {
					throw new IllegalArgumentException("parameter " + name + ": empty value in list '" + t + "'");
				}
				values[i] = number(name, items[i]);
			}
			return new ValueList(List.of(values));
		}
		return new Value(number(name, t));
	}

	/**
	 * Checks this input against the parameter's type and bounds and the kind of run.
	 *
	 * @return this
	 * @throws IllegalArgumentException one line naming the parameter
	 */
	default ParameterInput check(ParameterSpec spec, RunKind kind) {
		String name = spec.name();
		switch (this) {
		case Value v -> within(spec, v.value());
		case Range r -> {
			if (kind == RunKind.LLM) {
				throw new IllegalArgumentException("parameter " + name + ": an LLM run takes bounds low:high or one value, not the range "
						+ text());
			}
			values(spec);
		}
		case ValueList l -> {
			if (kind == RunKind.LLM) {
				throw new IllegalArgumentException("parameter " + name + ": an LLM run takes bounds low:high or one value, not the list "
						+ text());
			}
			values(spec);
		}
		case Bounds b -> {
			if (kind.takesGrid()) {
				throw new IllegalArgumentException("parameter " + name + ": a " + kind.label()
						+ " takes from:to:step, a list or one value, not " + text());
			}
			within(spec, b.low());
			within(spec, b.high());
			if (b.high() < b.low()) {
				throw new IllegalArgumentException("parameter " + name + ": bounds " + text() + " end below their start");
			}
		}
		}
		if (kind == RunKind.BACKTEST && !(this instanceof Value)) {
			throw new IllegalArgumentException(
					"parameter " + name + ": a backtest takes one value, not " + text() + " (ranges and lists are for sweeps)");
		}
		return this;
	}

	/**
	 * The values a sweep takes for this parameter, each checked against the spec.
	 *
	 * @throws IllegalArgumentException one line naming the parameter, for bounds or a bad value
	 */
	default double[] values(ParameterSpec spec) {
		String name = spec.name();
		switch (this) {
		case Value v -> {
			return new double[] { within(spec, v.value()) };
		}
		case Range r -> {
			if (!(r.step() > 0)) {
				throw new IllegalArgumentException("parameter " + name + ": step must be positive, not " + Formats.plain(r.step()));
			}
			if (r.to() < r.from()) {
				throw new IllegalArgumentException("parameter " + name + ": range " + text() + " ends below its start");
			}
			if ((r.to() - r.from()) / r.step() + 1 > MAX_VALUES) {
				throw new IllegalArgumentException(
						"parameter " + name + ": range " + text() + " has more than " + Formats.count(MAX_VALUES) + " values");
			}
			if (spec.type() == ParameterType.INT && r.step() != Math.rint(r.step())) {
				throw new IllegalArgumentException(
						"parameter " + name + " is a whole number: step " + Formats.plain(r.step()) + " is not");
			}
			double[] values = spec.range(r.from(), r.to(), r.step());
			for (double v : values) {
				within(spec, v);
			}
			return values;
		}
		case ValueList l -> {
			double[] values = new double[l.values().size()];
			Set<Double> seen = new HashSet<>();
			for (int i = 0; i < values.length; i++) {
				values[i] = within(spec, l.values().get(i));
				if (!seen.add(values[i])) {
					throw new IllegalArgumentException(
							"parameter " + name + ": value " + Formats.plain(values[i]) + " listed twice");
				}
			}
			return values;
		}
		case Bounds b -> throw new IllegalArgumentException(
				"parameter " + name + ": bounds " + text() + " are for an LLM run; a sweep takes from:to:step or a list");
		}
	}

	/** The lowest and highest value of a {@link Value} or {@link Bounds}, for an LLM run. */
	default double[] bounds(ParameterSpec spec) {
		return switch (this) {
		case Value v -> new double[] { within(spec, v.value()), v.value() };
		case Bounds b -> {
			check(spec, RunKind.LLM);
			yield new double[] { b.low(), b.high() };
		}
		default -> throw new IllegalArgumentException(
				"parameter " + spec.name() + ": an LLM run takes bounds low:high or one value, not " + text());
		};
	}

	private static double within(ParameterSpec spec, double value) {
		return spec.validate(value);
	}

	private static double number(String name, String text) {
		String t = Objects.requireNonNull(text).strip();
		if (!t.isEmpty() && !t.endsWith("d") && !t.endsWith("D") && !t.endsWith("f") && !t.endsWith("F")) {
			try {
				double v = Double.parseDouble(t);
				if (Double.isFinite(v)) {
					return v;
				}
			} catch (NumberFormatException e) {
				// reported below
			}
		}
		throw new IllegalArgumentException("parameter " + name + ": '" + t + "' is not a number");
	}
}
