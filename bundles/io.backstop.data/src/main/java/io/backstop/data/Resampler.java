package io.backstop.data;

import java.util.Arrays;

/**
 * Aggregates bars into a longer timeframe: each bar of the result covers one period aligned to
 * UTC (an hour bar starts on the hour, a day bar at midnight UTC) and holds the first open, the
 * highest high, the lowest low, the last close and the summed volume of the source bars in it.
 * Periods without source bars produce no bar (a gap stays a gap).
 */
public final class Resampler {

	private Resampler() {
	}

	/**
	 * Resamples a series. The result is named after the source with its timeframe replaced
	 * ({@code BTCUSDT_5m} becomes {@code BTCUSDT_1h}) or appended.
	 *
	 * @throws IllegalArgumentException naming the timeframe when it is not longer than the source's bar
	 *                                  length or not a whole multiple of it
	 */
	public static OhlcvSeries resample(OhlcvSeries source, Timeframe target) {
		long from = source.barIntervalMillis();
		if (from > 0 && target.millis() <= from) {
			throw new IllegalArgumentException("timeframe: " + target + " is not longer than " + Timeframe.of(from)
					+ ", the bar length of " + source.name());
		}
		if (from > 0 && target.millis() % from != 0) {
			throw new IllegalArgumentException("timeframe: " + target + " is not a whole multiple of "
					+ Timeframe.of(from) + ", the bar length of " + source.name());
		}
		int n = source.size();
		long[] ts = new long[n];
		double[] open = new double[n];
		double[] high = new double[n];
		double[] low = new double[n];
		double[] close = new double[n];
		double[] volume = new double[n];
		long[] st = source.timestamps();
		double[] so = source.open();
		double[] sh = source.high();
		double[] sl = source.low();
		double[] sc = source.close();
		double[] sv = source.volume();
		int bars = -1;
		long period = Long.MIN_VALUE;
		for (int i = 0; i < n; i++) {
			long start = Math.floorDiv(st[i], target.millis()) * target.millis();
			if (start != period) {
				period = start;
				bars++;
				ts[bars] = start;
				open[bars] = so[i];
				high[bars] = sh[i];
				low[bars] = sl[i];
				volume[bars] = 0;
			} else {
				high[bars] = Math.max(high[bars], sh[i]);
				low[bars] = Math.min(low[bars], sl[i]);
			}
			close[bars] = sc[i];
			volume[bars] += sv[i];
		}
		int size = bars + 1;
		return new OhlcvSeries(renamed(source.name(), from, target), source.source() + " resampled to " + target,
				Arrays.copyOf(ts, size), Arrays.copyOf(open, size), Arrays.copyOf(high, size), Arrays.copyOf(low, size),
				Arrays.copyOf(close, size), Arrays.copyOf(volume, size));
	}

	private static String renamed(String name, long fromMillis, Timeframe target) {
		if (fromMillis > 0) {
			String suffix = "_" + Timeframe.of(fromMillis).label();
			if (name.endsWith(suffix)) {
				return name.substring(0, name.length() - suffix.length()) + "_" + target.label();
			}
		}
		return name + "_" + target.label();
	}
}
