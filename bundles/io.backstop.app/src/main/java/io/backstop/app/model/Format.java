package io.backstop.app.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How figures read in the views. */
public final class Format {

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
			.withZone(ZoneOffset.UTC);
	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
			.withZone(java.time.ZoneId.systemDefault());

	private Format() {
	}

	/** Whole megabytes, rounded; "?" for a negative (unknown) figure. */
	public static String megabytes(long bytes) {
		return bytes < 0 ? "?" : Math.round(bytes / (1024.0 * 1024.0)) + " MB";
	}

	/** Signed megabytes with one decimal below 10 MB, for memory released. */
	public static String released(long bytes) {
		if (bytes == 0) {
			return "0 MB";
		}
		double mb = bytes / (1024.0 * 1024.0);
		return Math.abs(mb) < 10 ? String.format(Locale.ROOT, "%.1f MB", mb) : Math.round(mb) + " MB";
	}

	/** Gigabytes with one decimal. */
	public static String gigabytes(long bytes) {
		return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024.0 * 1024.0));
	}

	public static String millis(long millis) {
		return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
	}

	/** "2.7 s" below 10 s, "14 s" from there. */
	public static String seconds(long millis) {
		return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : Math.round(millis / 1000.0) + " s";
	}

	/** A bar time, UTC. */
	public static String utc(long epochMillis) {
		return TIME.format(Instant.ofEpochMilli(epochMillis)) + " UTC";
	}

	/** A wall-clock instant in the local zone. */
	public static String local(Instant instant) {
		return instant == null ? "" : LOCAL_TIME.format(instant);
	}

	/** Shown in place of a figure that is not a number (NaN, infinite); a tooltip says why. */
	public static final String MISSING = "\u2014";

	/** "-12.34 %"; {@link #MISSING} for a figure that is not a number. */
	public static String percent(double fraction) {
		return finite(fraction) ? String.format(Locale.ROOT, "%.2f %%", fraction * 100) : MISSING;
	}

	/** A ratio with two decimals ("1.17", "-0.43"); {@link #MISSING} for a figure that is not a number. */
	public static String ratio(double value) {
		return finite(value) ? String.format(Locale.ROOT, "%.2f", value) : MISSING;
	}

	/** A whole count with thousands separators: "38,000". */
	public static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	/** "1 bar", "25,920 bars". */
	public static String count(long value, String singular, String plural) {
		return count(value) + " " + (value == 1 ? singular : plural);
	}

	/** "38,000 combos/s", "2.5 bars/s" below 10; {@link #MISSING} while unknown. */
	public static String rate(double perSecond, String unit) {
		if (!finite(perSecond) || perSecond < 0) {
			return MISSING;
		}
		String number = perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond)
				: String.format(Locale.ROOT, "%,.0f", perSecond);
		return number + " " + unit + "/s";
	}

	/** "850 ms", "49 s", "3 min 12 s", "2 h 5 min": the two largest units that matter. */
	public static String duration(java.time.Duration duration) {
		long millis = duration.toMillis();
		if (millis < 1000) {
			return millis + " ms";
		}
		long seconds = Math.round(millis / 1000.0);
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return seconds / 60 + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
		}
		long minutes = seconds / 60;
		return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
	}

	static boolean finite(double value) {
		return !Double.isNaN(value) && !Double.isInfinite(value);
	}

	public static String money(double value) {
		return String.format(Locale.ROOT, "%,.2f", value);
	}

	/** "90 days 0 h" style span between two bar times. */
	public static String span(long fromMillis, long toMillis) {
		long minutes = Math.max(0, (toMillis - fromMillis) / 60_000);
		long days = minutes / (24 * 60);
		long hours = (minutes / 60) % 24;
		long rest = minutes % 60;
		return days + " d " + hours + " h " + rest + " min";
	}

	public static String interval(long millis) {
		if (millis <= 0) {
			return "?";
		}
		if (millis % 86_400_000 == 0) {
			return millis / 86_400_000 + " d";
		}
		if (millis % 3_600_000 == 0) {
			return millis / 3_600_000 + " h";
		}
		if (millis % 60_000 == 0) {
			return millis / 60_000 + " min";
		}
		return millis / 1000 + " s";
	}
}
