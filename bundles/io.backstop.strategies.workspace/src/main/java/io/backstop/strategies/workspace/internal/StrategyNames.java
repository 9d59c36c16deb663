package io.backstop.strategies.workspace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.lang.model.SourceVersion;

/** The names of workspace strategies: file, class, id, and the template a new one starts from. */
final class StrategyNames {

	static final String SUFFIX = ".java";
	private static final String TEMPLATE = "StrategyTemplate.java.txt";

	private StrategyNames() {
	}

	/** @throws IllegalArgumentException naming {@code name} when it cannot be a strategy's class name */
	static String check(String name) {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("no strategy name given");
		}
		String trimmed = name.strip();
		if (!SourceVersion.isIdentifier(trimmed) || SourceVersion.isKeyword(trimmed) || trimmed.contains("$")
				|| !Character.isLetter(trimmed.charAt(0))) {
			throw new IllegalArgumentException("strategy name '" + trimmed
					+ "' is not a Java class name: use a letter, then letters, digits or underscores");
		}
		return trimmed;
	}

	/** {@code MyBreakout2} becomes {@code my_breakout2}: the id the template registers under. */
	static String idOf(String name) {
		StringBuilder id = new StringBuilder();
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(name.charAt(i - 1))
					&& name.charAt(i - 1) != '_') {
				id.append('_');
			}
			id.append(Character.toLowerCase(c));
		}
		return id.toString().toLowerCase(Locale.ROOT);
	}

	/** The template's source for a strategy named {@code name}. */
	static String template(String name) {
		try (InputStream in = StrategyNames.class.getResourceAsStream(TEMPLATE)) {
			if (in == null) {
				throw new IllegalStateException("the strategy template " + TEMPLATE + " is missing from this bundle");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("__CLASS__", name)
					.replace("__ID__", idOf(name));
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
