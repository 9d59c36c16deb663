package io.backstop.backtest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relation two parameters of a {@link Strategy} must keep, such as {@code fast_period < slow_period}.
 * A strategy lists its constraints ({@link Strategy#constraints()}); a combination of values that
 * breaks one is refused by a backtest and never counted, run or sampled by a sweep or a search.
 * Declarative, so that sweeps and searches can count and enumerate the admitted combinations without
 * running the strategy.
 *
 * @param left     a parameter's name
 * @param relation what must hold between the left and the right value
 * @param right    another parameter's name
 */
public record ParameterConstraint(String left, Relation relation, String right) {

	private static final Pattern TEXT = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*(<=|>=|!=|<|>)\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");

	/** The relations a constraint may state. */
	public enum Relation {
		LESS("<", "below"), AT_MOST("<=", "at most"), GREATER(">", "above"), AT_LEAST(">=", "at least"),
		DIFFERENT("!=", "different from");

		private final String symbol;
		private final String words;

		Relation(String symbol, String words) {
			this.symbol = symbol;
			this.words = words;
		}

		/** {@code <}, {@code <=}, {@code >}, {@code >=} or {@code !=}. */
		public String symbol() {
			return symbol;
		}

		public boolean holds(double left, double right) {
			return switch (this) {
			case LESS -> left < right;
			case AT_MOST -> left <= right;
			case GREATER -> left > right;
			case AT_LEAST -> left >= right;
			case DIFFERENT -> left != right;
			};
		}
	}

	public ParameterConstraint {
		Objects.requireNonNull(left, "left");
		Objects.requireNonNull(relation, "relation");
		Objects.requireNonNull(right, "right");
		if (left.equals(right)) {
			throw new IllegalArgumentException("constraint " + left + " " + relation.symbol + " " + right
					+ " relates a parameter to itself");
		}
	}

	/** {@code fast_period < slow_period}. */
	public static ParameterConstraint less(String left, String right) {
		return new ParameterConstraint(left, Relation.LESS, right);
	}

	/**
	 * Reads {@code "fast_period < slow_period"}: two parameter names and one of {@code < <= > >= !=}.
	 *
	 * @throws IllegalArgumentException quoting the text when it is not of that form
	 */
	public static ParameterConstraint parse(String text) {
		Matcher m = TEXT.matcher(text);
		if (!m.matches()) {
			throw new IllegalArgumentException("constraint \"" + text
					+ "\" is not of the form name < name (with <, <=, >, >= or !=)");
		}
		for (Relation r : Relation.values()) {
			if (r.symbol.equals(m.group(2))) {
				return new ParameterConstraint(m.group(1), r, m.group(3));
			}
		}
		throw new IllegalStateException("no relation " + m.group(2));
	}

	public boolean admits(double leftValue, double rightValue) {
		return relation.holds(leftValue, rightValue);
	}

	/** Whether the values hold; a constraint naming a parameter the values lack is not checked. */
	public boolean admits(Parameters values) {
		return !values.has(left) || !values.has(right) || admits(values.getDouble(left), values.getDouble(right));
	}

	/**
	 * Checks values against every constraint.
	 *
	 * @throws IllegalArgumentException for the first constraint they break:
	 *                                  {@code fast_period (20) must be below slow_period (20)}
	 */
	public static void check(List<ParameterConstraint> constraints, Parameters values) {
		for (ParameterConstraint c : constraints) {
			if (!c.admits(values)) {
				throw new IllegalArgumentException(c.left + " (" + Parameters.format(values.getDouble(c.left)) + ") must be "
						+ c.relation.words + " " + c.right + " (" + Parameters.format(values.getDouble(c.right)) + ")");
			}
		}
	}

	/**
	 * Checks that every constraint names two of the parameters.
	 *
	 * @throws IllegalArgumentException naming the constraint and the unknown parameter
	 */
	public static void checkNames(List<ParameterConstraint> constraints, List<ParameterSpec> parameters) {
		for (ParameterConstraint c : constraints) {
			for (String name : List.of(c.left, c.right)) {
				if (parameters.stream().noneMatch(p -> p.name().equals(name))) {
					throw new IllegalArgumentException("constraint " + c + " names no parameter " + name);
				}
			}
		}
	}

	/** The constraints as people and files read them: {@code fast_period < slow_period; a != b}. */
	public static String describe(List<ParameterConstraint> constraints) {
		return String.join("; ", constraints.stream().map(ParameterConstraint::toString).toList());
	}

	/** {@code fast_period < slow_period}, as {@link #parse(String)} reads it. */
	@Override
	public String toString() {
		return left + " " + relation.symbol + " " + right;
	}
}
