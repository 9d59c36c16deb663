package io.backstop.llm;

import java.util.Objects;

/**
 * A strategy parameter the agent may set, with its allowed range (inclusive).
 *
 * @param type integers are rejected when given with a fraction, decimals are taken as they are
 */
public record ParameterSpec(String name, Type type, double min, double max) {

	public enum Type {
		INTEGER, DECIMAL
	}

	public ParameterSpec {
		Objects.requireNonNull(name, "name");
		Objects.requireNonNull(type, "type");
		if (!(min <= max)) {
			throw new IllegalArgumentException(name + ": min " + min + " is above max " + max);
		}
	}

	public static ParameterSpec integer(String name, long min, long max) {
		return new ParameterSpec(name, Type.INTEGER, min, max);
	}

	public static ParameterSpec decimal(String name, double min, double max) {
		return new ParameterSpec(name, Type.DECIMAL, min, max);
	}

	/**
	 * Checks a proposed value against type and range.
	 *
	 * @return the value as Long (INTEGER) or Double (DECIMAL)
	 * @throws IllegalArgumentException naming the parameter, the value and the allowed range
	 */
	public Number validate(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			throw new IllegalArgumentException(name + " = " + value + " is not a finite number");
		}
		if (type == Type.INTEGER && value != Math.rint(value)) {
			throw new IllegalArgumentException(name + " = " + value + " must be a whole number");
		}
		if (value < min || value > max) {
			throw new IllegalArgumentException(name + " = " + format(value) + " is outside its range [" + format(min)
					+ ", " + format(max) + "]");
		}
		return type == Type.INTEGER ? (Number) Long.valueOf((long) value) : (Number) Double.valueOf(value);
	}

	/** "fast: integer in [2, 50]". */
	public String describe() {
		return name + ": " + type.name().toLowerCase(java.util.Locale.ROOT) + " in [" + format(min) + ", "
				+ format(max) + "]";
	}

	private String format(double v) {
		return type == Type.INTEGER || v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}
}
