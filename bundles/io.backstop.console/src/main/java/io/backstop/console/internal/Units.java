package io.backstop.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How sizes, durations, times and numbers read on the console. */
final class Units {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
			.withZone(ZoneOffset.UTC);
	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
			.withZone(ZoneOffset.UTC);

	private Units() {
	}

	/** {@code 0 B}, {@code 512 B}, {@code 12.0 KB}, {@code 1.5 MB}, {@code 2.00 GB}; negative sizes keep their sign. */
	static String bytes(long bytes) {
		long magnitude = Math.abs(bytes);
		String sign = bytes < 0 ? "-" : "";
		if (magnitude < 1024) {
			return sign + magnitude + " B";
		}
		if (magnitude < 1024L * 1024) {
			return sign + String.format(Locale.ROOT, "%.1f KB", magnitude / 1024.0);
		}
		if (magnitude < 1024L * 1024 * 1024) {
			return sign + String.format(Locale.ROOT, "%.1f MB", magnitude / (1024.0 * 1024));
		}
		return sign + String.format(Locale.ROOT, "%.2f GB", magnitude / (1024.0 * 1024 * 1024));
	}

	/** A step's release: {@code -} when it reported none. */
	static String released(long bytes) {
		return bytes == 0 ? "-" : bytes(bytes);
	}

	/** {@code 7 ms}, {@code 1.25 s}, {@code 3m 05s}. */
	static String millis(long millis) {
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 60_000) {
			return String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
		}
		Duration d = Duration.ofMillis(millis);
		return String.format(Locale.ROOT, "%dm %02ds", d.toMinutes(), d.toSecondsPart());
	}

	/** {@code 2025-04-03 17:05:00 UTC}; {@code -} for null. */
	static String time(Instant instant) {
		return instant == null ? "-" : TIME.format(instant);
	}

	/** {@code 2025-04-03 17:05} (UTC) from epoch milliseconds. */
	static String minute(long epochMillis) {
		return MINUTE.format(Instant.ofEpochMilli(epochMillis));
	}

	/** Thousands separated: {@code 25,920}. */
	static String count(long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	/** A fraction as a percentage with two decimals: {@code 12.34%}. */
	static String percent(double fraction) {
		return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
	}

	/** A number with up to 4 decimals, no trailing zeros; {@code inf} and {@code nan} spelled out. */
	static String number(double value) {
		if (Double.isNaN(value)) {
			return "nan";
		}
		if (Double.isInfinite(value)) {
			return value > 0 ? "inf" : "-inf";
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		String text = String.format(Locale.ROOT, "%.4f", value);
		text = text.replaceAll("0+$", "");
		return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
	}

	/** A bar interval: {@code 5m}, {@code 1h}, {@code 1d}, {@code 30s}. */
	static String interval(long millis) {
		if (millis <= 0) {
			return "?";
		}
		if (millis % 86_400_000L == 0) {
			return millis / 86_400_000L + "d";
		}
		if (millis % 3_600_000L == 0) {
			return millis / 3_600_000L + "h";
		}
		if (millis % 60_000L == 0) {
			return millis / 60_000L + "m";
		}
		if (millis % 1000L == 0) {
			return millis / 1000L + "s";
		}
		return millis + "ms";
	}
}
