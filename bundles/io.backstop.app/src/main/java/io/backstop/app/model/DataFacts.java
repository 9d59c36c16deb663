package io.backstop.app.model;

import io.backstop.data.OhlcvSeries;
import io.backstop.run.Formats;

/** What the Data view says about the open series. */
public final class DataFacts {

	private DataFacts() {
	}

	/**
	 * "25,920 bars of 5 min, 2025-04-03 17:05 UTC to 2025-07-02 17:00 UTC (90 d 0 h 0 min)",
	 * "1 bar of BTCUSDT at 2025-01-01 00:00 UTC", "no bars in BTCUSDT".
	 */
	public static String describe(OhlcvSeries series) {
		if (series.isEmpty()) {
			return "no bars in " + series.name();
		}
		if (series.size() == 1) {
			return "1 bar of " + series.name() + " at " + Formats.barTime(series.firstTimestamp());
		}
		return Formats.count(series.size()) + " bars of " + Formats.interval(series.barIntervalMillis()) + ", "
				+ Formats.barTime(series.firstTimestamp()) + " to " + Formats.barTime(series.lastTimestamp()) + " ("
				+ span(series.firstTimestamp(), series.lastTimestamp()) + ")";
	}

	/** Where the series came from: the file, or the sample bundled with Backstop. */
	public static String source(OhlcvSeries series) {
		String source = series.source();
		return source.startsWith("bundleresource:") || source.startsWith("bundleentry:")
				? "the sample data bundled with Backstop (" + source.substring(source.lastIndexOf('/') + 1) + ")"
				: source;
	}

	/** "90 d 0 h 0 min" between two bar times. */
	static String span(long fromMillis, long toMillis) {
		long minutes = Math.max(0, (toMillis - fromMillis) / 60_000);
		return minutes / (24 * 60) + " d " + (minutes / 60) % 24 + " h " + minutes % 60 + " min";
	}
}
