package io.backstop.backtest;

/**
 * One closed position.
 *
 * @param side       long or short
 * @param entryBar   index of the bar it was opened on
 * @param exitBar    index of the bar it was closed on
 * @param entryTime  epoch millis of the entry bar
 * @param exitTime   epoch millis of the exit bar
 * @param entryPrice fill price, slippage included
 * @param exitPrice  fill price, slippage included
 * @param quantity   units held (notional at entry / entry price)
 * @param netReturn  return on the entry notional after fees: {@code (exit - entry) / entry x side - fees}
 * @param pnl        profit or loss in account currency, fees included
 * @param fees       fees paid on entry and exit
 * @param exitReason why it was closed
 */
public record Trade(Side side, int entryBar, int exitBar, long entryTime, long exitTime, double entryPrice,
		double exitPrice, double quantity, double netReturn, double pnl, double fees, ExitReason exitReason) {

	/** Bars held: exit bar minus entry bar. */
	public int durationBars() {
		return exitBar - entryBar;
	}

	public boolean isWin() {
		return pnl > 0;
	}
}
