package io.backstop.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Immutable parameter values by name, in insertion order. Values are doubles; INT parameters
 * hold whole numbers and are read with {@link #getInt(String)}.
 */
public final class Parameters {

	private static final Parameters EMPTY = new Parameters(Map.of());

	private final Map<String, Double> values;

	private Parameters(Map<String, Double> values) {
		this.values = values;
	}

	public static Parameters empty() {
		return EMPTY;
	}

	public static Parameters of(Map<String, ? extends Number> values) {
		Map<String, Double> copy = new LinkedHashMap<>();
		values.forEach((k, v) -> copy.put(Objects.requireNonNull(k), Objects.requireNonNull(v, k).doubleValue()));
		return new Parameters(Collections.unmodifiableMap(copy));
	}

	/** {@code of("bb_period", 20, "entry_z", 2.0)}: names and values alternating. */
	public static Parameters of(Object... namesAndValues) {
		if (namesAndValues.length % 2 != 0) {
			throw new IllegalArgumentException("names and values must alternate");
		}
		Map<String, Double> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).doubleValue());
		}
		return new Parameters(Collections.unmodifiableMap(map));
	}

	/** Every spec's default value. */
	public static Parameters defaults(List<ParameterSpec> specs) {
		Map<String, Double> map = new LinkedHashMap<>();
		specs.forEach(s -> map.put(s.name(), s.defaultValue()));
		return new Parameters(Collections.unmodifiableMap(map));
	}

	/**
	 * These values completed with defaults and checked against the specs, in spec order.
	 *
	 * @throws IllegalArgumentException for an unknown name or a value out of range
	 */
	public Parameters resolve(List<ParameterSpec> specs) {
		Map<String, Double> map = new LinkedHashMap<>();
		for (ParameterSpec spec : specs) {
			Double v = values.get(spec.name());
			map.put(spec.name(), spec.validate(v == null ? spec.defaultValue() : v));
		}
		for (String name : values.keySet()) {
			if (!map.containsKey(name)) {
				throw new IllegalArgumentException("unknown parameter " + name + "; expected one of "
						+ specs.stream().map(ParameterSpec::name).collect(Collectors.joining(", ")));
			}
		}
		return new Parameters(Collections.unmodifiableMap(map));
	}

	/** A copy with one value set. */
	public Parameters with(String name, double value) {
		Map<String, Double> map = new LinkedHashMap<>(values);
		map.put(name, value);
		return new Parameters(Collections.unmodifiableMap(map));
	}

	public boolean has(String name) {
		return values.containsKey(name);
	}

	public double getDouble(String name) {
		Double v = values.get(name);
		if (v == null) {
			throw new IllegalArgumentException("no value for parameter " + name);
		}
		return v;
	}

	public int getInt(String name) {
		double v = getDouble(name);
		if (v != Math.rint(v)) {
			throw new IllegalArgumentException("parameter " + name + " must be a whole number, got " + v);
		}
		return (int) v;
	}

	/** Unmodifiable view, in order. */
	public Map<String, Double> asMap() {
		return values;
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof Parameters p && p.values.equals(values);
	}

	@Override
	public int hashCode() {
		return values.hashCode();
	}

	/** {@code bb_period=20, entry_z=2.5} (whole numbers without decimals). */
	@Override
	public String toString() {
		return values.entrySet().stream().map(e -> e.getKey() + "=" + format(e.getValue() == Math.rint(e.getValue()), e.getValue()))
				.collect(Collectors.joining(", "));
	}

	/** A value as people read it: whole numbers without decimals. */
	static String format(double value) {
		return format(value == Math.rint(value), value);
	}

	static String format(boolean whole, double value) {
		if (whole && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}
}
