package io.backstop.optimise;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

import io.backstop.data.OhlcvSeries;

/**
 * A walk-forward analysis: the search's series cut into windows, each an in-sample part the search
 * optimises on followed by the out-of-sample part its best parameters are then tested on. Rolling
 * windows move both parts by the out-of-sample length; anchored windows keep the in-sample start
 * at the first bar and grow. Out-of-sample parts follow each other without overlap and end at the
 * last bar; bars before the first in-sample part are not used.
 *
 * @param search   the search run on each in-sample part (its series is the whole data)
 * @param windows  how many windows ({@code >= 1})
 * @param inBars   bars of the (first) in-sample part
 * @param outBars  bars of each out-of-sample part
 * @param anchored anchored instead of rolling
 */
public record WalkForwardSpec(SearchSpec search, int windows, int inBars, int outBars, boolean anchored) {

	/** Fewer in-sample bars than this leave a search nothing to measure. */
	public static final int MIN_BARS = 100;

	public WalkForwardSpec {
		Objects.requireNonNull(search, "search");
		if (windows < 1) {
			throw new IllegalArgumentException("windows must be at least 1, not " + windows);
		}
		if (inBars < MIN_BARS) {
			throw new IllegalArgumentException("in-sample bars must be at least " + MIN_BARS + ", not " + inBars);
		}
		if (outBars < MIN_BARS) {
			throw new IllegalArgumentException("out-of-sample bars must be at least " + MIN_BARS + ", not " + outBars);
		}
		long needed = (long) inBars + (long) windows * outBars;
		int bars = search.series().size();
		if (needed > bars) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"windows: %d in-sample bars and %d windows of %d out-of-sample bars need %,d bars; the data has %,d",
					inBars, windows, outBars, needed, bars));
		}
	}

	/** A plain holdout split: optimise on all bars but the last {@code outBars}, test on those. */
	public static WalkForwardSpec holdout(SearchSpec search, int outBars) {
		return new WalkForwardSpec(search, 1, search.series().size() - outBars, outBars, false);
	}

	/** First bar of the data this analysis uses. */
	public int firstBar() {
		return search.series().size() - inBars - windows * outBars;
	}

	/** Window {@code k}'s in-sample part, {@code [from, to)} bars of the series. */
	public int[] inSample(int k) {
		int outFrom = firstBar() + inBars + k * outBars;
		int from = anchored ? firstBar() : outFrom - inBars;
		return new int[] { from, outFrom };
	}

	/** Window {@code k}'s out-of-sample part, {@code [from, to)} bars of the series. */
	public int[] outOfSample(int k) {
		int from = firstBar() + inBars + k * outBars;
		return new int[] { from, from + outBars };
	}

	/**
	 * The bars window {@code k}'s out-of-sample backtest runs on: its in-sample bars, untradable (no
	 * volume), so that the indicators are computed over them, then its out-of-sample bars, the only ones
	 * on which a position may open and the only ones measured (those from {@link #warmUpBars(int)} on).
	 * In a series that records no volume the out-of-sample bars are given a volume of 1, so that they
	 * alone are tradable.
	 */
	public OhlcvSeries outOfSampleTest(int k) {
		int[] in = inSample(k);
		int[] out = outOfSample(k);
		OhlcvSeries bars = search.series().slice(in[0], out[1]);
		double[] volume = bars.volume();
		Arrays.fill(volume, 0, out[0] - in[0], 0);
		if (!search.series().recordsVolume()) {
			Arrays.fill(volume, out[0] - in[0], volume.length, 1);
		}
		return new OhlcvSeries(bars.name(), bars.source(), bars.timestamps(), bars.open(), bars.high(), bars.low(),
				bars.close(), volume);
	}

	/** The bars of {@link #outOfSampleTest(int) window k's test} before its out-of-sample ones. */
	public int warmUpBars(int k) {
		return outOfSample(k)[0] - inSample(k)[0];
	}
}
