package io.backstop.backtest;

import java.util.Arrays;

import io.backstop.data.OhlcvSeries;

/**
 * The signals of a block of bars, written by a strategy's {@link SignalRules#signals(int, int, Signals)}
 * and read by the {@link Simulator}. Every bar of the block starts with no entry and no exit; the
 * rules set what they see, addressing bars by their index in the series. Two primitive arrays
 * inside, reused block after block: writing a bar's signals allocates nothing.
 */
public final class Signals {

	static final byte EXIT_LONG = 1;
	static final byte EXIT_SHORT = 2;

	private final byte[] entries;
	private final byte[] exits;
	private int from;

	/** @param capacity the most bars in a block */
	Signals(int capacity) {
		entries = new byte[capacity];
		exits = new byte[capacity];
	}

	/** Starts the block of bars {@code [from, to)}: no signal on any of them. */
	void clear(int from, int to) {
		this.from = from;
		Arrays.fill(entries, 0, to - from, (byte) 0);
		Arrays.fill(exits, 0, to - from, (byte) 0);
	}

	/** The entry signal at {@code bar}: +1 long, -1 short, 0 none (any positive or negative number counts as its sign). */
	public void entry(int bar, int dir) {
		entries[bar - from] = (byte) Integer.signum(dir);
	}

	/**
	 * The entry signals of bars {@code from} to {@code to - 1} where {@code a} crosses {@code b}: +1 where
	 * {@code a - b} turns positive from zero or below, -1 where it turns negative from zero or above, 0
	 * elsewhere (and on bar 0, which has no bar before it). The same signals as
	 * {@link RulesStrategy#cross(double[], double[], int)} bar by bar, in one pass that reads each bar once.
	 */
	public void crossings(double[] a, double[] b, int from, int to) {
		double before = from > 0 ? a[from - 1] - b[from - 1] : Double.NaN;
		for (int bar = from; bar < to; bar++) {
			double now = a[bar] - b[bar];
			// without a branch: crossings come at random, and a mispredicted branch costs more than both tests
			entries[bar - this.from] = (byte) ((now > 0 & before <= 0 ? 1 : 0) - (now < 0 & before >= 0 ? 1 : 0));
			before = now;
		}
	}

	/**
	 * Whether a long and whether a short position closes at {@code bar}'s close. An entry signal
	 * the other way closes a position too (and reverses it), without an exit.
	 */
	public void exit(int bar, boolean exitLong, boolean exitShort) {
		exits[bar - from] = (byte) ((exitLong ? EXIT_LONG : 0) | (exitShort ? EXIT_SHORT : 0));
	}

	/** Takes every signal off the block's bars that are not {@link OhlcvSeries#tradable(int) tradable}. */
	void silenceUntradable(OhlcvSeries series, int from, int to) {
		for (int bar = from; bar < to; bar++) {
			if (!series.tradable(bar)) {
				entries[bar - this.from] = 0;
				exits[bar - this.from] = 0;
			}
		}
	}

	/** The block's entry signals, bar {@link #from()} first: the {@link Simulator} scans them without a call per bar. */
	byte[] entries() {
		return entries;
	}

	/** The block's exit signals ({@link #EXIT_LONG}, {@link #EXIT_SHORT}), bar {@link #from()} first. */
	byte[] exits() {
		return exits;
	}

	/** The block's first bar. */
	int from() {
		return from;
	}

	/** The entry signal at {@code bar}, of this block. */
	int entryAt(int bar) {
		return entries[bar - from];
	}

	/** Whether a position of side {@code dir} closes at {@code bar}, by its exit or an opposite entry. */
	boolean closesAt(int bar, int dir) {
		int k = bar - from;
		return (exits[k] & (dir > 0 ? EXIT_LONG : EXIT_SHORT)) != 0 || entries[k] == -dir;
	}
}
