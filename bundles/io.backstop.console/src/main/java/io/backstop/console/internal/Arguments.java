package io.backstop.console.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.backstop.run.Formats;

/**
 * A command's arguments split into options and positional arguments. Options are {@code --name}
 * (a flag) or {@code --name value} / {@code --name=value} (an option with a value); {@code --}
 * ends the options. A token that starts with {@code -} and a digit is a positional argument
 * (a negative number), any other unknown option is an error.
 */
final class Arguments {

	private final Set<String> flags;
	private final Map<String, String> values;
	private final List<String> positionals;

	private Arguments(Set<String> flags, Map<String, String> values, List<String> positionals) {
		this.flags = Collections.unmodifiableSet(flags);
		this.values = Collections.unmodifiableMap(values);
		this.positionals = List.copyOf(positionals);
	}

	/**
	 * @param knownFlags   options without a value, with their dashes ({@code --json})
	 * @param knownValued  options that take a value ({@code --workers})
	 * @throws UsageException for an unknown option, an option given twice, or a value missing
	 */
	static Arguments parse(String[] args, Set<String> knownFlags, Set<String> knownValued) throws UsageException {
		Set<String> flags = new LinkedHashSet<>();
		Map<String, String> values = new LinkedHashMap<>();
		List<String> positionals = new ArrayList<>();
		boolean optionsEnded = false;
		String[] tokens = args == null ? new String[0] : args;
		for (int i = 0; i < tokens.length; i++) {
			String token = tokens[i] == null ? "" : tokens[i];
			if (optionsEnded || !token.startsWith("-") || token.equals("-") || isNumber(token)) {
				positionals.add(token);
				continue;
			}
			if (token.equals("--")) {
				optionsEnded = true;
				continue;
			}
			String name = token;
			String inlineValue = null;
			int eq = token.indexOf('=');
			if (eq > 0) {
				name = token.substring(0, eq);
				inlineValue = token.substring(eq + 1);
			}
			if (knownFlags.contains(name)) {
				if (inlineValue != null) {
					throw new UsageException("option " + name + " takes no value");
				}
				if (!flags.add(name)) {
					throw new UsageException("option " + name + " given twice");
				}
			} else if (knownValued.contains(name)) {
				String value = inlineValue;
				if (value == null) {
					if (i + 1 >= tokens.length) {
						throw new UsageException("option " + name + " needs a value");
					}
					value = tokens[++i];
				}
				if (values.putIfAbsent(name, value) != null) {
					throw new UsageException("option " + name + " given twice");
				}
			} else {
				throw new UsageException("unknown option " + name);
			}
		}
		return new Arguments(flags, values, positionals);
	}

	boolean has(String flag) {
		return flags.contains(flag);
	}

	Optional<String> value(String option) {
		return Optional.ofNullable(values.get(option));
	}

	List<String> positionals() {
		return positionals;
	}

	/** @throws UsageException when there are more than {@code max} positional arguments */
	Arguments atMost(int max) throws UsageException {
		if (positionals.size() > max) {
			throw new UsageException(max == 0 ? "unexpected argument '" + positionals.get(0) + "'"
					: "unexpected argument '" + positionals.get(max) + "'");
		}
		return this;
	}

	/** An option's value as a whole number within [min, max], or {@code fallback} when absent. */
	int intValue(String option, int fallback, int min, int max) throws UsageException {
		Optional<String> text = value(option);
		if (text.isEmpty()) {
			return fallback;
		}
		return parseInt(option, text.get(), min, max);
	}

	/** An option's value as a number within [min, max], or {@code fallback} when absent. */
	double doubleValue(String option, double fallback, double min, double max) throws UsageException {
		Optional<String> text = value(option);
		if (text.isEmpty()) {
			return fallback;
		}
		double v;
		try {
			v = Double.parseDouble(text.get().trim());
		} catch (NumberFormatException e) {
			throw new UsageException(option + ": '" + text.get() + "' is not a number");
		}
		if (!(v >= min && v <= max)) {
			throw new UsageException(option + " must be between " + Formats.plain(min) + " and " + Formats.plain(max)
					+ ", got " + text.get());
		}
		return v;
	}

	/** {@code text} as a whole number within [min, max]; {@code what} names it in the message. */
	static int parseInt(String what, String text, int min, int max) throws UsageException {
		int v;
		try {
			v = Integer.parseInt(text.trim());
		} catch (NumberFormatException e) {
			throw new UsageException(what + ": '" + text + "' is not a whole number");
		}
		if (v < min || v > max) {
			throw new UsageException(what + " must be between " + min + " and " + max + ", got " + v);
		}
		return v;
	}

	private static boolean isNumber(String token) {
		return token.length() > 1 && token.charAt(0) == '-' && (Character.isDigit(token.charAt(1)) || token.charAt(1) == '.');
	}
}
