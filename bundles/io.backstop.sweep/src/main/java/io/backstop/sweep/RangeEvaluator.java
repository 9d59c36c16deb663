package io.backstop.sweep;

import io.backstop.backtest.CancellationToken;

/**
 * Evaluates ranges of a sweep's combinations by index on this member's sweep workers, for a sweep
 * started elsewhere. The strategy, indicators and prepared statistics are shared by every range
 * it evaluates; {@link #close()} drops them. Obtained from {@link SweepService#rangeEvaluator(SweepSpec)}.
 */
public interface RangeEvaluator extends AutoCloseable {

	/** The metrics of every row, in order. */
	java.util.List<String> metricNames();

	/**
	 * Evaluates combinations {@code from} (inclusive) to {@code to} (exclusive) on the sweep workers
	 * and hands each one's figures to {@code sink} as it is computed (from the workers' threads,
	 * one at a time). Halts when {@code cancel} is cancelled or the emergency stop signal is raised.
	 *
	 * @return true when every combination of the range was handed over, false when it halted first
	 * @throws io.backstop.estop.api.WorkRefusedException while the stop signal is raised
	 * @throws RuntimeException what a worker failed with
	 */
	boolean evaluate(long from, long to, RowSink sink, CancellationToken cancel);

	@Override
	void close();
}
