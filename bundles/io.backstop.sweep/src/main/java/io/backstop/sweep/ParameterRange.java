package io.backstop.sweep;

import java.util.Arrays;
import java.util.Objects;

/**
 * The values one parameter takes in a sweep: a range {@code start, start + step, ... stop}
 * (inclusive, with a tolerance of 1e-9 steps, each value rounded to 12 decimals so that
 * {@code 1.0 + 0.1 x 3} is 1.3) or an explicit list. Immutable.
 */
public final class ParameterRange {

	private final String name;
	private final double[] values;

	private ParameterRange(String name, double[] values) {
		this.name = Objects.requireNonNull(name, "name");
		if (values.length == 0) {
			throw new IllegalArgumentException("parameter " + name + ": the range holds no value");
		}
		for (double v : values) {
			if (!Double.isFinite(v)) {
				throw new IllegalArgumentException("parameter " + name + ": value " + v + " is not a finite number");
			}
		}
		this.values = values;
	}

	/**
	 * {@code start, start + step, ...} up to {@code stop} inclusive.
	 *
	 * @throws IllegalArgumentException when step is not positive or stop is below start
	 */
	public static ParameterRange range(String name, double start, double stop, double step) {
		if (!(step > 0) || !Double.isFinite(step)) {
			throw new IllegalArgumentException("parameter " + name + ": step must be positive, got " + step);
		}
		if (!(stop >= start)) {
			throw new IllegalArgumentException("parameter " + name + ": stop " + stop + " is below start " + start);
		}
		double span = (stop - start) / step + 1e-9;
		if (span >= Integer.MAX_VALUE - 1) {
			throw new IllegalArgumentException("parameter " + name + ": too many values in the range");
		}
		int count = (int) Math.floor(span) + 1;
		double[] values = new double[count];
		for (int k = 0; k < count; k++) {
			values[k] = Math.round((start + k * step) * 1e12) / 1e12;
		}
		return new ParameterRange(name, values);
	}

	/** An explicit list of values, in the order given. */
	public static ParameterRange values(String name, double... values) {
		return new ParameterRange(name, values.clone());
	}

	/** A single value: the parameter is fixed for the whole sweep. */
	public static ParameterRange fixed(String name, double value) {
		return new ParameterRange(name, new double[] { value });
	}

	public String name() {
		return name;
	}

	/** Number of values. */
	public int size() {
		return values.length;
	}

	/** The k-th value. */
	public double value(int k) {
		return values[k];
	}

	/** A copy of the values. */
	public double[] values() {
		return values.clone();
	}

	@Override
	public boolean equals(Object o) {
		return o instanceof ParameterRange r && r.name.equals(name) && Arrays.equals(r.values, values);
	}

	@Override
	public int hashCode() {
		return name.hashCode() * 31 + Arrays.hashCode(values);
	}

	@Override
	public String toString() {
		if (values.length <= 8) {
			return name + "=" + Arrays.toString(values);
		}
		return name + "=[" + values[0] + ", " + values[1] + ", ... " + values[values.length - 1] + "] (" + values.length
				+ " values)";
	}
}
