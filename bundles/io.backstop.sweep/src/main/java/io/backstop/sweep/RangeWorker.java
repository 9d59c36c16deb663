package io.backstop.sweep;

import io.backstop.backtest.CancellationToken;

/**
 * Somewhere outside this JVM that evaluates ranges of one sweep, for example another member of a
 * cluster. Given by a {@link RangeExecutor}; a sweep keeps its ranges in flight on it until it
 * fails, then evaluates them here.
 */
public interface RangeWorker {

	/** Where it runs, for progress and messages (for example {@code 127.0.0.1:5702}). */
	String name();

	/** Processors it evaluates with: the sweep sizes its ranges by them. */
	int cores();

	/**
	 * Evaluates combinations {@code from} to {@code to} (exclusive) and hands every row to
	 * {@code sink} once all are computed, or none of them: a range is never delivered in part.
	 *
	 * @return true when the rows were handed over, false when {@code cancel} halted it first
	 * @throws Exception when it cannot evaluate the range (the member left or failed); the sweep
	 *                   then evaluates the range elsewhere and gives this worker no more
	 */
	boolean evaluate(long from, long to, RowSink sink, CancellationToken cancel) throws Exception;

	/** The sweep has ended: what the worker holds for it can go. */
	void close();
}
