package io.backstop.backtest;

/** Why a position was closed. */
public enum ExitReason {
	/** The strategy's exit rule or an opposite signal. */
	SIGNAL,
	/** The stop loss was touched. */
	STOP_LOSS,
	/** Still open after the last bar: closed at the last close. */
	END_OF_DATA
}
