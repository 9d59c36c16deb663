package io.backstop.backtest;

/**
 * The trading rules of a strategy as the {@link Simulator} asks for them, bar by bar, at the
 * bar's close. Implementations read precomputed primitive arrays and must not allocate.
 */
public interface SignalRules {

	/** First bar on which the rules are defined (before it the simulator does not trade). */
	int firstBar();

	/** Entry signal at bar {@code i}: +1 long, -1 short, 0 none. */
	int entry(int i);

	/**
	 * True to close a position of side {@code dir} (+1/-1) at bar {@code i}'s close. An entry
	 * signal in the opposite direction also closes it (and reverses).
	 */
	boolean exit(int i, int dir);

	/**
	 * The stop price for a position of side {@code dir} opened at {@code entryPrice} on bar
	 * {@code i}, or NaN for none.
	 */
	default double stopPrice(int i, int dir, double entryPrice) {
		return Double.NaN;
	}

	/** A stop at {@code pct} percent from the entry (NaN when {@code pct <= 0}). */
	static double percentStop(int dir, double entryPrice, double pct) {
		return pct > 0 ? entryPrice * (1 - dir * pct / 100) : Double.NaN;
	}
}
