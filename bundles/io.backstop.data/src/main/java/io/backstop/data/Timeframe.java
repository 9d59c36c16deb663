package io.backstop.data;

import java.util.List;
import java.util.Locale;

/**
 * A bar length as traders write it ({@code 1m}, {@code 5m}, {@code 1h}, {@code 4h}, {@code 1d}).
 *
 * @param label  the canonical text, for example {@code 15m}
 * @param millis the bar length in milliseconds
 */
public record Timeframe(String label, long millis) {

	private static final long MINUTE = 60_000L;

	/** The timeframes resampling offers, shortest first. */
	public static final List<Timeframe> RESAMPLE_TARGETS = List.of(parse("5m"), parse("15m"), parse("1h"), parse("4h"),
			parse("1d"));

	public Timeframe {
		if (millis <= 0) {
			throw new IllegalArgumentException("timeframe: " + label + " is not a positive length");
		}
	}

	/**
	 * Reads {@code <number><unit>} with unit s, m, h, d or w ({@code 1m}, {@code 15m}, {@code 4h},
	 * {@code 1d}); {@code M} alone is not accepted, to keep minutes and months apart.
	 *
	 * @throws IllegalArgumentException one line naming the timeframe
	 */
	public static Timeframe parse(String text) {
		String t = text == null ? "" : text.strip();
		int split = 0;
		while (split < t.length() && Character.isDigit(t.charAt(split))) {
			split++;
		}
		if (split == 0 || split == t.length() || split > 6) {
			throw new IllegalArgumentException(
					"timeframe: expected a number and a unit (s, m, h, d, w) such as 5m or 4h, got '" + t + "'");
		}
		long count = Long.parseLong(t.substring(0, split));
		long unit = switch (t.substring(split).toLowerCase(Locale.ROOT)) {
		case "s" -> 1000L;
		case "m", "min" -> MINUTE;
		case "h" -> 60 * MINUTE;
		case "d" -> 24 * 60 * MINUTE;
		case "w" -> 7 * 24 * 60 * MINUTE;
		default -> throw new IllegalArgumentException(
				"timeframe: unknown unit '" + t.substring(split) + "' in '" + t + "' (s, m, h, d or w)");
		};
		if (count == 0) {
			throw new IllegalArgumentException("timeframe: '" + t + "' is zero long");
		}
		return of(count * unit);
	}

	/** The timeframe of a bar length, labelled in the largest whole unit ({@code 3_600_000} is {@code 1h}). */
	public static Timeframe of(long millis) {
		long[] units = { 7 * 24 * 60 * MINUTE, 24 * 60 * MINUTE, 60 * MINUTE, MINUTE, 1000L };
		String[] names = { "w", "d", "h", "m", "s" };
		for (int i = 0; i < units.length; i++) {
			if (millis > 0 && millis % units[i] == 0) {
				return new Timeframe(millis / units[i] + names[i], millis);
			}
		}
		return new Timeframe(millis + "ms", millis);
	}

	@Override
	public String toString() {
		return label;
	}
}
