package io.backstop.data;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a trader should know about a series before trusting a backtest on it: the gaps (a space
 * between two bars of more than twice the timeframe) and the bars with zero volume, which are
 * {@linkplain OhlcvSeries#tradable(int) untradable}.
 *
 * @param bars             number of bars
 * @param timeframe        the series' bar length (its typical spacing); null with fewer than two bars
 * @param gaps             how many gaps
 * @param largestGapMillis the longest gap's length (from one bar's open to the next), 0 without gaps
 * @param largestGapAfter  the open time of the bar before the longest gap, {@code Long.MIN_VALUE} without gaps
 * @param zeroVolumeBars   how many bars have zero volume
 */
public record DataQuality(int bars, Timeframe timeframe, int gaps, long largestGapMillis, long largestGapAfter,
		int zeroVolumeBars) {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
			.withZone(ZoneOffset.UTC);

	/** Measures a series. */
	public static DataQuality of(OhlcvSeries series) {
		long interval = series.barIntervalMillis();
		long[] ts = series.timestamps();
		int gaps = 0;
		long largest = 0;
		long after = Long.MIN_VALUE;
		if (interval > 0) {
			for (int i = 1; i < ts.length; i++) {
				long space = ts[i] - ts[i - 1];
				if (space > 2 * interval) {
					gaps++;
					if (space > largest) {
						largest = space;
						after = ts[i - 1];
					}
				}
			}
		}
		return new DataQuality(series.size(), interval > 0 ? Timeframe.of(interval) : null, gaps, largest, after,
				series.untradableBars());
	}

	/** The index of the first bar after a gap, or -1 without gaps. */
	public static int firstGap(OhlcvSeries series) {
		long interval = series.barIntervalMillis();
		long[] ts = series.timestamps();
		for (int i = 1; interval > 0 && i < ts.length; i++) {
			if (ts[i] - ts[i - 1] > 2 * interval) {
				return i;
			}
		}
		return -1;
	}

	public boolean hasGaps() {
		return gaps > 0;
	}

	/** {@code "no gaps"} or {@code "3 gaps, largest 2 h 5 min after 2025-04-05 10:00 UTC"}. */
	public String gapsText() {
		if (gaps == 0) {
			return "no gaps";
		}
		return gaps + (gaps == 1 ? " gap" : " gaps") + ", largest " + duration(largestGapMillis) + " after "
				+ when(largestGapAfter);
	}

	/** {@code "no zero-volume bars"} or {@code "12 zero-volume bars (untradable)"}. */
	public String zeroVolumeText() {
		return zeroVolumeBars == 0 ? "no zero-volume bars"
				: String.format("%,d zero-volume %s (untradable)", zeroVolumeBars, zeroVolumeBars == 1 ? "bar" : "bars");
	}

	/** Both facts in one line. */
	public String describe() {
		return gapsText() + "; " + zeroVolumeText();
	}

	/** A bar time as people read it: {@code 2025-04-05 10:00 UTC}. */
	public static String when(long epochMillis) {
		return WHEN.format(Instant.ofEpochMilli(epochMillis));
	}

	/** A length as people read it: {@code 45 s}, {@code 25 min}, {@code 2 h 5 min}, {@code 3 d 4 h}. */
	public static String duration(long millis) {
		long minutes = millis / 60_000;
		if (minutes == 0) {
			return millis / 1000 + " s";
		}
		if (minutes < 60) {
			return minutes + " min";
		}
		long hours = minutes / 60;
		if (hours < 24) {
			return minutes % 60 == 0 ? hours + " h" : hours + " h " + minutes % 60 + " min";
		}
		return hours % 24 == 0 ? hours / 24 + " d" : hours / 24 + " d " + hours % 24 + " h";
	}
}
