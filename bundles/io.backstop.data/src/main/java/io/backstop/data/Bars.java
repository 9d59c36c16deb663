package io.backstop.data;

import java.time.Instant;

/** The checks every loader makes of a bar, with the same words whatever the format. */
final class Bars {

	private Bars() {
	}

	/** What is wrong with one bar, in one field. */
	record Problem(String field, String text) {
	}

	/**
	 * Prices and volume finite and not negative, high not below low, open and close within [low, high].
	 *
	 * @return the first problem, or null
	 */
	static Problem problem(double open, double high, double low, double close, double volume) {
		double[] values = { open, high, low, close, volume };
		for (int role = 1; role <= 5; role++) {
			double value = values[role - 1];
			String field = OhlcvCsv.COLUMNS.get(role);
			if (Double.isNaN(value)) {
				return new Problem(field, "NaN is not allowed");
			}
			if (Double.isInfinite(value)) {
				return new Problem(field, "infinite value is not allowed");
			}
			if (value < 0) {
				return new Problem(field, field + " " + value + " is negative");
			}
		}
		if (high < low) {
			return new Problem("high", "high " + high + " is below low " + low);
		}
		for (int role : new int[] { 1, 4 }) {
			double price = values[role - 1];
			String field = OhlcvCsv.COLUMNS.get(role);
			if (price > high) {
				return new Problem(field, field + " " + price + " is above high " + high);
			}
			if (price < low) {
				return new Problem(field, field + " " + price + " is below low " + low);
			}
		}
		return null;
	}

	/**
	 * Why a bar time does not follow the previous one, or null when it does.
	 *
	 * @param previousAt where the previous bar is, for example {@code line 4} or {@code row 3}
	 */
	static String order(long time, long previous, String previousAt) {
		if (time == previous) {
			return "duplicate timestamp " + Instant.ofEpochMilli(time) + " (also on " + previousAt + ")";
		}
		if (time < previous) {
			return "timestamp " + Instant.ofEpochMilli(time) + " is before " + Instant.ofEpochMilli(previous) + " on "
					+ previousAt + "; timestamps must increase";
		}
		return null;
	}

	/** An integer epoch time in milliseconds: below 10^11 seconds, below 10^14 ms, below 10^17 µs, else ns. */
	static long epochMillis(long whole) {
		long a = Math.abs(whole);
		if (a < 100_000_000_000L) {
			return whole * 1000L;
		} else if (a < 100_000_000_000_000L) {
			return whole;
		} else if (a < 100_000_000_000_000_000L) {
			return Math.floorDiv(whole, 1000L);
		}
		return Math.floorDiv(whole, 1_000_000L);
	}
}
