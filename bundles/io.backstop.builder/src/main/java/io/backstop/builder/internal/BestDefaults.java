package io.backstop.builder.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.ParameterType;

/**
 * A strategy's source with the best tested combination's values as its parameters' defaults. A
 * default is rewritten where the source writes it: the number right after the parameter's quoted
 * name ({@code ParameterSpec.ofInt("fast", 12, ...)}), outside comments and other literals, and only
 * when exactly one such place holds the default the compiled spec reports. A parameter declared any
 * other way keeps the model's default and is named; the caller compiles the result and checks its
 * specs before using it.
 */
final class BestDefaults {

	/**
	 * @param source  the source with what could be rewritten rewritten
	 * @param written the new defaults by parameter name
	 * @param set     {@code fast 12 -> 6}, one per rewritten default
	 * @param kept    the parameters whose better value could not be written, by name
	 */
	record Rewrite(String source, Map<String, Double> written, List<String> set, List<String> kept) {
	}

	/** A comma, then a decimal literal with an optional sign and type suffix. */
	private static final Pattern DEFAULT_AFTER_NAME = Pattern
			.compile("\\s*,\\s*(-?\\d[\\d_]*(?:\\.\\d*)?(?:[eE][-+]?\\d+)?)[dDfFlL]?\\b");

	private BestDefaults() {
	}

	/** {@code source} with each parameter of {@code specs} that {@code best} gives another value defaulting to it. */
	static Rewrite apply(String source, List<ParameterSpec> specs, Map<String, Double> best) {
		String rewritten = source;
		Map<String, Double> written = new LinkedHashMap<>();
		List<String> set = new ArrayList<>();
		List<String> kept = new ArrayList<>();
		for (ParameterSpec spec : specs) {
			Double value = best.get(spec.name());
			if (value == null || value == spec.defaultValue()) {
				continue;
			}
			List<int[]> places = defaultsWritten(rewritten, spec);
			if (places.size() != 1) {
				kept.add(spec.name());
				continue;
			}
			int[] place = places.get(0);
			String literal = spec.type() == ParameterType.INT ? Long.toString(Math.round(value))
					: Double.toString(value);
			rewritten = rewritten.substring(0, place[0]) + literal + rewritten.substring(place[1]);
			written.put(spec.name(), value);
			set.add(spec.name() + " " + spec.format(spec.defaultValue()) + " -> " + spec.format(value));
		}
		return new Rewrite(rewritten, written, set, kept);
	}

	/** Where {@code spec}'s default is written right after its quoted name: start and end of each number. */
	private static List<int[]> defaultsWritten(String source, ParameterSpec spec) {
		String quotedName = '"' + spec.name() + '"';
		List<int[]> places = new ArrayList<>();
		Matcher number = DEFAULT_AFTER_NAME.matcher(source);
		int i = 0;
		while (i < source.length()) {
			char c = source.charAt(i);
			if (source.startsWith("//", i)) {
				int end = source.indexOf('\n', i);
				i = end < 0 ? source.length() : end + 1;
			} else if (source.startsWith("/*", i)) {
				int end = source.indexOf("*/", i + 2);
				i = end < 0 ? source.length() : end + 2;
			} else if (c == '"' || c == '\'') {
				int end = Replies.literalEnd(source, i);
				if (source.startsWith(quotedName, i) && end == i + quotedName.length()
						&& number.region(end, source.length()).lookingAt()
						&& Double.parseDouble(number.group(1).replace("_", "")) == spec.defaultValue()) {
					places.add(new int[] { number.start(1), number.end() });
				}
				i = end;
			} else {
				i++;
			}
		}
		return places;
	}
}
