package io.backstop.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Arrays;
import java.util.Objects;

/**
 * A series of OHLCV bars held as columnar primitive arrays, one element per bar, oldest first.
 * <p>
 * For speed the accessors return the backing arrays themselves, not copies: callers must treat
 * them as read-only. A series is immutable by contract and safe to share between threads.
 * <p>
 * Timestamps are epoch milliseconds (UTC) of the bar's open, strictly increasing. The
 * {@linkplain #fingerprint() fingerprint} identifies the content (timestamps and the five
 * price/volume columns), not the name or source, so the same candles loaded from two files
 * share cached indicators.
 */
public final class OhlcvSeries {

	private final String name;
	private final String source;
	private final long[] timestamps;
	private final double[] open;
	private final double[] high;
	private final double[] low;
	private final double[] close;
	private final double[] volume;
	private final boolean recordsVolume;
	private final int untradableBars;
	private volatile String fingerprint;

	/**
	 * Wraps the given arrays (not copied). All arrays must have the same length.
	 *
	 * @param name   short display name, for example {@code BTCUSDT_5m}
	 * @param source where the data came from (a file path, a URL, "synthetic(seed=42)")
	 */
	public OhlcvSeries(String name, String source, long[] timestamps, double[] open, double[] high, double[] low,
			double[] close, double[] volume) {
		this.name = Objects.requireNonNull(name, "name");
		this.source = source == null ? "" : source;
		this.timestamps = Objects.requireNonNull(timestamps, "timestamps");
		this.open = Objects.requireNonNull(open, "open");
		this.high = Objects.requireNonNull(high, "high");
		this.low = Objects.requireNonNull(low, "low");
		this.close = Objects.requireNonNull(close, "close");
		this.volume = Objects.requireNonNull(volume, "volume");
		int n = timestamps.length;
		if (open.length != n || high.length != n || low.length != n || close.length != n || volume.length != n) {
			throw new IllegalArgumentException("columns differ in length: timestamps " + n + ", open " + open.length
					+ ", high " + high.length + ", low " + low.length + ", close " + close.length + ", volume "
					+ volume.length);
		}
		int withoutVolume = 0;
		for (double v : volume) {
			if (!(v > 0)) {
				withoutVolume++;
			}
		}
		this.recordsVolume = withoutVolume < n;
		this.untradableBars = recordsVolume ? withoutVolume : 0;
	}

	public String name() {
		return name;
	}

	public String source() {
		return source;
	}

	/** Number of bars. */
	public int size() {
		return timestamps.length;
	}

	public boolean isEmpty() {
		return timestamps.length == 0;
	}

	/** Bar open times, epoch milliseconds UTC (backing array: do not modify). */
	public long[] timestamps() {
		return timestamps;
	}

	/** Backing array: do not modify. */
	public double[] open() {
		return open;
	}

	/** Backing array: do not modify. */
	public double[] high() {
		return high;
	}

	/** Backing array: do not modify. */
	public double[] low() {
		return low;
	}

	/** Backing array: do not modify. */
	public double[] close() {
		return close;
	}

	/** Backing array: do not modify. */
	public double[] volume() {
		return volume;
	}

	/**
	 * Whether the volumes say which bars traded: false for a source that records no volume (every
	 * bar 0), whose bars are then all {@link #tradable(int) tradable}.
	 */
	public boolean recordsVolume() {
		return recordsVolume;
	}

	/**
	 * Whether an order may fill at bar {@code i}'s close: not at a bar without volume in a series
	 * that {@link #recordsVolume() records volume} (an exchange halt, a filled-in gap), a price no
	 * one traded at. Such a bar is kept for the indicators; strategies neither enter nor exit on a
	 * signal there (a stop still fires).
	 */
	public boolean tradable(int i) {
		return !recordsVolume || volume[i] > 0;
	}

	/** How many bars are not {@link #tradable(int) tradable}. */
	public int untradableBars() {
		return untradableBars;
	}

	/** First bar's timestamp, or {@code Long.MIN_VALUE} when empty. */
	public long firstTimestamp() {
		return timestamps.length == 0 ? Long.MIN_VALUE : timestamps[0];
	}

	/** Last bar's timestamp, or {@code Long.MIN_VALUE} when empty. */
	public long lastTimestamp() {
		return timestamps.length == 0 ? Long.MIN_VALUE : timestamps[timestamps.length - 1];
	}

	/**
	 * The typical spacing between bars in milliseconds (the median of the first few hundred
	 * gaps), or 0 with fewer than two bars.
	 */
	public long barIntervalMillis() {
		int n = Math.min(timestamps.length - 1, 512);
		if (n < 1) {
			return 0;
		}
		long[] gaps = new long[n];
		for (int i = 0; i < n; i++) {
			gaps[i] = timestamps[i + 1] - timestamps[i];
		}
		java.util.Arrays.sort(gaps);
		return gaps[n / 2];
	}

	/** The most decimals {@link #priceDecimals()} reports. */
	public static final int MAX_PRICE_DECIMALS = 8;

	/**
	 * The instrument's price precision: the most decimals any open, high, low or close of the
	 * series has (2 for BTC quoted in cents, 4 or 5 for ADA), at most {@value #MAX_PRICE_DECIMALS};
	 * 0 for an empty series. For showing prices as the data has them: a fill with slippage has
	 * more decimals, and is shown rounded to this.
	 */
	public int priceDecimals() {
		int decimals = 0;
		double scale = 1;
		for (double[] prices : new double[][] { open, high, low, close }) {
			for (double price : prices) {
				while (decimals < MAX_PRICE_DECIMALS && !hasAtMostDecimals(price, scale)) {
					decimals++;
					scale *= 10;
				}
			}
		}
		return decimals;
	}

	/** Whether {@code price} written in decimal needs no more places than {@code scale} (10^places) allows. */
	private static boolean hasAtMostDecimals(double price, double scale) {
		double scaled = Math.abs(price) * scale;
		// a price read from text is the nearest double to its decimals: allow that rounding, relative to its size
		return Math.abs(scaled - Math.rint(scaled)) <= Math.max(1e-9, Math.ulp(scaled) * 8);
	}

	/** A copy of bars {@code [from, to)} under the same name and source. */
	public OhlcvSeries slice(int from, int to) {
		Objects.checkFromToIndex(from, to, size());
		return new OhlcvSeries(name, source, java.util.Arrays.copyOfRange(timestamps, from, to),
				java.util.Arrays.copyOfRange(open, from, to), java.util.Arrays.copyOfRange(high, from, to),
				java.util.Arrays.copyOfRange(low, from, to), java.util.Arrays.copyOfRange(close, from, to),
				java.util.Arrays.copyOfRange(volume, from, to));
	}

	/** The same bars under another name and source (arrays shared). */
	public OhlcvSeries withName(String newName, String newSource) {
		OhlcvSeries copy = new OhlcvSeries(newName, newSource, timestamps, open, high, low, close, volume);
		copy.fingerprint = fingerprint;
		return copy;
	}

	/**
	 * SHA-256 of the content as 64 lowercase hex digits: the bar count, then for each bar its
	 * timestamp and the IEEE bits of open, high, low, close and volume (little endian).
	 * Computed once, on first use (about 0.1 s per million bars).
	 */
	public String fingerprint() {
		String fp = fingerprint;
		if (fp == null) {
			fp = computeFingerprint();
			fingerprint = fp;
		}
		return fp;
	}

	private String computeFingerprint() {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 unavailable", e);
		}
		digest.update("ohlcv-v1".getBytes(StandardCharsets.US_ASCII));
		int chunkBars = 1365; // 48 bytes per bar, ~64 KiB per chunk
		ByteBuffer buffer = ByteBuffer.allocate(chunkBars * 48).order(ByteOrder.LITTLE_ENDIAN);
		buffer.putLong(size());
		for (int i = 0; i < size(); i++) {
			if (buffer.remaining() < 48) {
				buffer.flip();
				digest.update(buffer);
				buffer.clear();
			}
			buffer.putLong(timestamps[i]);
			buffer.putDouble(open[i]);
			buffer.putDouble(high[i]);
			buffer.putDouble(low[i]);
			buffer.putDouble(close[i]);
			buffer.putDouble(volume[i]);
		}
		buffer.flip();
		digest.update(buffer);
		return HexFormat.of().formatHex(digest.digest());
	}

	@Override
	public String toString() {
		return "OhlcvSeries[" + name + ", " + size() + " bars]";
	}
}
