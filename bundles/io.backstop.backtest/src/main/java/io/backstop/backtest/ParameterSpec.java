package io.backstop.backtest;

import java.util.Objects;

/**
 * One named, typed, ranged parameter of a {@link Strategy}.
 *
 * @param name         stable identifier, snake_case ({@code bb_period})
 * @param type         INT or DOUBLE
 * @param defaultValue the value a single run uses when none is given
 * @param min          smallest valid value (inclusive)
 * @param max          largest valid value (inclusive)
 * @param sweepStart   first value of the default sweep range
 * @param sweepStop    last value of the default sweep range (inclusive)
 * @param sweepStep    step of the default sweep range ({@code > 0})
 * @param description  one line for the user
 */
public record ParameterSpec(String name, ParameterType type, double defaultValue, double min, double max,
		double sweepStart, double sweepStop, double sweepStep, String description) {

	public ParameterSpec {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		description = description == null ? "" : description;
		if (!(min <= max)) {
			throw new IllegalArgumentException(name + ": min " + min + " above max " + max);
		}
		if (!(sweepStep > 0)) {
			throw new IllegalArgumentException(name + ": sweep step must be positive: " + sweepStep);
		}
		if (defaultValue < min || defaultValue > max) {
			throw new IllegalArgumentException(name + ": default " + defaultValue + " outside [" + min + ", " + max + "]");
		}
		if (type == ParameterType.INT && (defaultValue != Math.rint(defaultValue) || sweepStep != Math.rint(sweepStep))) {
			throw new IllegalArgumentException(name + ": integer parameter with fractional default or step");
		}
	}

	public static ParameterSpec ofInt(String name, int defaultValue, int min, int max, int sweepStart, int sweepStop,
			int sweepStep, String description) {
		return new ParameterSpec(name, ParameterType.INT, defaultValue, min, max, sweepStart, sweepStop, sweepStep,
				description);
	}

	public static ParameterSpec ofDouble(String name, double defaultValue, double min, double max, double sweepStart,
			double sweepStop, double sweepStep, String description) {
		return new ParameterSpec(name, ParameterType.DOUBLE, defaultValue, min, max, sweepStart, sweepStop, sweepStep,
				description);
	}

	/**
	 * The default sweep range's values: start, start + step, ... up to stop inclusive (with a
	 * tolerance of 1e-9 steps), each rounded to 12 significant decimals so that 1.0 + 0.1 x 3
	 * is 1.3; whole numbers for INT.
	 */
	public double[] sweepValues() {
		return range(sweepStart, sweepStop, sweepStep);
	}

	/** Values of an arbitrary range, as {@link #sweepValues()} computes them. */
	public double[] range(double start, double stop, double step) {
		if (!(step > 0)) {
			throw new IllegalArgumentException(name + ": step must be positive: " + step);
		}
		int count = stop < start ? 0 : (int) Math.floor((stop - start) / step + 1e-9) + 1;
		double[] values = new double[count];
		for (int k = 0; k < count; k++) {
			double v = start + k * step;
			v = type == ParameterType.INT ? Math.rint(v) : Math.round(v * 1e12) / 1e12;
			values[k] = v;
		}
		return values;
	}

	/**
	 * Checks a value.
	 *
	 * @throws IllegalArgumentException naming the parameter when the value is out of range, not
	 *                                  a number, or not whole for an INT parameter
	 */
	public double validate(double value) {
		if (Double.isNaN(value) || value < min || value > max) {
			throw new IllegalArgumentException(
					"parameter " + name + " = " + format(value) + " is outside [" + format(min) + ", " + format(max) + "]");
		}
		if (type == ParameterType.INT && value != Math.rint(value)) {
			throw new IllegalArgumentException("parameter " + name + " must be a whole number, got " + value);
		}
		return value;
	}

	/** The value as the user reads it: no decimals for INT. */
	public String format(double value) {
		return Parameters.format(type == ParameterType.INT && value == Math.rint(value), value);
	}
}
