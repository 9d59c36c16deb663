package io.backstop.backtest;

/**
 * The trading rules of a strategy on its precomputed primitive arrays, as the {@link Simulator}
 * asks for them: block by block of bars, each block's entry and exit signals at the bars' closes
 * written into a {@link Signals}. The simulator polls the stop between blocks, so the rules never
 * need to; a block is at most {@link CancellationToken#CHECK_INTERVAL} bars.
 *
 * <pre>{@code
 * public void signals(int from, int to, Signals out) {
 *     for (int i = from; i < to; i++) {
 *         out.entry(i, close[i] > upper[i] ? 1 : close[i] < lower[i] ? -1 : 0);
 *         out.exit(i, close[i] < middle[i], close[i] > middle[i]);
 *     }
 * }
 * }</pre>
 */
public interface SignalRules {

	/** First bar on which the rules are defined (before it the simulator does not trade). */
	int firstBar();

	/**
	 * Writes the signals of bars {@code from} (inclusive) to {@code to} (exclusive), {@code from >=}
	 * {@link #firstBar()}, into {@code out}: {@link Signals#entry(int, int)} +1 long, -1 short;
	 * {@link Signals#exit(int, boolean, boolean)} to close a long or a short position. Bars left
	 * unwritten have neither. A loop over the indicator arrays; it must not allocate.
	 */
	void signals(int from, int to, Signals out);

	/**
	 * The stop price for a position of side {@code dir} opened at {@code entryPrice} on bar
	 * {@code i}, or NaN for none. Asked once per entry.
	 */
	default double stopPrice(int i, int dir, double entryPrice) {
		return Double.NaN;
	}

	/** A stop at {@code pct} percent from the entry (NaN when {@code pct <= 0}). */
	static double percentStop(int dir, double entryPrice, double pct) {
		return pct > 0 ? entryPrice * (1 - dir * pct / 100) : Double.NaN;
	}
}
