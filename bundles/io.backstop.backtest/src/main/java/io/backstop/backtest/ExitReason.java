package io.backstop.backtest;

/** Why a position was closed. */
public enum ExitReason {
	/** The strategy's exit rule or an opposite signal. */
	SIGNAL,
	/** The stop loss was touched. */
	STOP_LOSS,
	/** Still open after the last bar: closed at the last close. */
	END_OF_DATA,
	/**
	 * Open when the account's equity, marked at a bar's close, reached zero under
	 * {@link Ruin#STOP}: closed at that close, and the run trades no more.
	 */
	RUIN
}
