package io.backstop.optimise;

import java.util.List;
import java.util.Objects;

/**
 * What a walk-forward analysis found (so far, while it runs or when it was halted).
 *
 * @param state          where it stands
 * @param message        why it ended; empty while running
 * @param windows        the windows tested out of sample, in order
 * @param stitchedTimes  bar times of the stitched out-of-sample equity
 * @param stitchedEquity the out-of-sample backtests chained: each starts with the equity the previous ended with
 * @param initialCapital the capital the first out-of-sample backtest starts with
 */
public record WalkForwardResult(SearchState state, String message, List<WalkForwardWindow> windows,
		long[] stitchedTimes, double[] stitchedEquity, double initialCapital) {

	public WalkForwardResult {
		Objects.requireNonNull(state, "state");
		message = message == null ? "" : message;
		windows = List.copyOf(windows);
	}

	/**
	 * Walk-forward efficiency of the whole analysis: mean annualised out-of-sample return over mean
	 * annualised in-sample return of the windows; NaN when the latter is not positive or no window is done.
	 */
	public double efficiency() {
		double in = windows.stream().mapToDouble(WalkForwardWindow::inAnnualReturn).average().orElse(Double.NaN);
		double out = windows.stream().mapToDouble(WalkForwardWindow::outAnnualReturn).average().orElse(Double.NaN);
		return in > 0 ? out / in : Double.NaN;
	}

	/** The stitched out-of-sample return, a fraction; 0 before the first window. */
	public double outOfSampleReturn() {
		return stitchedEquity.length == 0 ? 0 : stitchedEquity[stitchedEquity.length - 1] / initialCapital - 1;
	}
}
