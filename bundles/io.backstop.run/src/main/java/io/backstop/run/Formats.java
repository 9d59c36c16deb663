package io.backstop.run;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How numbers read for people, the same in every view and on the console: counts with thousands
 * separators, percentages with two decimals, durations in the largest units that matter, rates
 * per second, money with cents. Not-a-number reads "n/a" and infinities "∞"/"-∞".
 */
public final class Formats {

	private static final DateTimeFormatter SECOND = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
			.withZone(ZoneOffset.UTC);
	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
			.withZone(ZoneOffset.UTC);

	private Formats() {
	}

	/** {@code 25,920}. */
	public static String count(long n) {
		return String.format(Locale.ROOT, "%,d", n);
	}

	/** A fraction as a percentage: {@code -12.34 %}. */
	public static String percent(double fraction) {
		return finite(fraction) ? String.format(Locale.ROOT, "%.2f %%", fraction * 100) : special(fraction);
	}

	/** An amount of the account's currency: {@code 10,000.00}, {@code -1,234.50}. */
	public static String money(double amount) {
		return finite(amount) ? String.format(Locale.ROOT, "%,.2f", amount) : special(amount);
	}

	/**
	 * A figure such as a ratio: whole numbers without decimals ({@code 42}, {@code 1,200}), others
	 * with two ({@code 3.91}, {@code -0.07}), very small ones with three significant digits
	 * ({@code 0.000123}).
	 */
	public static String number(double value) {
		if (!finite(value)) {
			return special(value);
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return String.format(Locale.ROOT, "%,d", (long) value);
		}
		if (Math.abs(value) < 0.01) {
			return new BigDecimal(value).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
		}
		return String.format(Locale.ROOT, "%,.2f", value);
	}

	/**
	 * A price in its instrument's precision ({@link io.backstop.data.OhlcvSeries#priceDecimals()}):
	 * {@code 81,794.8} for BTC, {@code 0.7123} for ADA, however many decimals a fill with
	 * slippage has.
	 */
	public static String price(double value, int decimals) {
		return finite(value) ? String.format(Locale.ROOT, "%,." + Math.max(0, decimals) + "f", value) : special(value);
	}

	/** A number as a person types it: {@code 20}, {@code 2.5}, {@code 0.1} (no grouping, no rounding). */
	public static String plain(double value) {
		if (!finite(value)) {
			return special(value);
		}
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}

	/**
	 * {@code 7 ms}, {@code 2.5 s} (below 10 s), {@code 49 s}, {@code 3 min 12 s}, {@code 2 h 05 min}.
	 */
	public static String duration(Duration duration) {
		return millis(duration.toMillis());
	}

	/** {@link #duration(Duration)} of milliseconds. */
	public static String millis(long millis) {
		if (millis < 0) {
			return "-" + millis(-millis);
		}
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 10_000) {
			return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		long seconds = Math.round(millis / 1000.0);
		if (seconds < 60) {
			return seconds + " s";
		}
		if (seconds < 3600) {
			return seconds / 60 + " min " + seconds % 60 + " s";
		}
		return seconds / 3600 + " h " + String.format(Locale.ROOT, "%02d", seconds / 60 % 60) + " min";
	}

	/** {@code 38,000 combos/s}; one decimal below 10 ({@code 2.5 iterations/s}). */
	public static String rate(double perSecond, String unit) {
		if (!finite(perSecond)) {
			return special(perSecond) + " " + unit + "/s";
		}
		String n = perSecond < 10 ? String.format(Locale.ROOT, "%.1f", perSecond)
				: String.format(Locale.ROOT, "%,.0f", perSecond);
		return n + " " + unit + "/s";
	}

	/** {@code 0 B}, {@code 512 B}, {@code 12.0 KB}, {@code 1.5 MB}, {@code 2.00 GB}; negative sizes keep their sign. */
	public static String bytes(long bytes) {
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

	/** A bar time: {@code 2025-05-03 14:05 UTC}. */
	public static String barTime(long epochMillis) {
		return MINUTE.format(Instant.ofEpochMilli(epochMillis)) + " UTC";
	}

	/** A moment to the second: {@code 2025-04-03 17:05:00 UTC}; {@code -} for null. */
	public static String time(Instant instant) {
		return instant == null ? "-" : SECOND.format(instant);
	}

	/** A bar interval: {@code 5 min}, {@code 1 h}, {@code 1 d}, {@code 30 s}; {@code ?} when unknown. */
	public static String interval(long millis) {
		if (millis <= 0) {
			return "?";
		}
		if (millis % 86_400_000L == 0) {
			return millis / 86_400_000L + " d";
		}
		if (millis % 3_600_000L == 0) {
			return millis / 3_600_000L + " h";
		}
		if (millis % 60_000L == 0) {
			return millis / 60_000L + " min";
		}
		if (millis % 1000L == 0) {
			return millis / 1000L + " s";
		}
		return millis + " ms";
	}

	/** A series in one line: {@code BTCUSDT_5m: 25,920 bars of 5 min, 2025-04-03 17:05 to 2025-07-02 17:00 UTC}. */
	public static String series(io.backstop.data.OhlcvSeries series) {
		if (series.isEmpty()) {
			return series.name() + ": no bars";
		}
		String bars = series.size() == 1 ? "1 bar" : count(series.size()) + " bars of " + interval(series.barIntervalMillis());
		return series.name() + ": " + bars + ", " + MINUTE.format(Instant.ofEpochMilli(series.firstTimestamp())) + " to "
				+ barTime(series.lastTimestamp());
	}

	/** The settings of a run in one line: {@code capital 10,000.00 · fees 10 bps · slippage 5 bps · fraction of equity 1 · long and short · ruin stops}. */
	public static String settings(io.backstop.backtest.RunSettings s) {
		String sizingValue = switch (s.sizing()) {
		case EQUITY_FRACTION -> plain(s.sizingValue());
		case FIXED_NOTIONAL -> money(s.sizingValue());
		case FIXED_QUANTITY -> plain(s.sizingValue());
		};
		return "capital " + money(s.initialCapital()) + " · fees " + plain(s.feesBps()) + " bps · slippage "
				+ plain(s.slippageBps()) + " bps · " + s.sizing().label() + " " + sizingValue + " · "
				+ (s.allowShort() ? "long and short" : "long only") + " · ruin "
				+ (s.ruin() == io.backstop.backtest.Ruin.STOP ? "stops" : "continues");
	}

	private static boolean finite(double v) {
		return Double.isFinite(v);
	}

	private static String special(double v) {
		return Double.isNaN(v) ? "n/a" : v > 0 ? "∞" : "-∞";
	}
}
