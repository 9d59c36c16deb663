package io.backstop.sweep.internal;

import java.util.List;

import io.backstop.backtest.CancellationToken;

/** Runs one combination of a sweep. Thread-safe: one instance serves every worker. */
interface ComboEvaluator {

	/** The metrics written into {@code metricsOut}, in order. */
	List<String> metricNames();

	/**
	 * Runs one combination.
	 *
	 * @param parameters every parameter's value, in the strategy's order
	 * @param metricsOut receives the metrics (when not cancelled)
	 * @param cancel     polled by the run every few thousand bars
	 * @return the bars evaluated, negated minus one ({@code -bars - 1}) when the run was cancelled
	 *         before its end (its metrics are then not valid)
	 */
	long evaluate(double[] parameters, double[] metricsOut, CancellationToken cancel);

	/**
	 * How many combinations of this run gave no figures and the first one's reason, for the
	 * sweep's message ({@code "3 combinations gave no figures; the first: ..."}); empty when all did.
	 */
	default String withoutFigures() {
		return "";
	}

	/** Drops what the evaluator prepared (shared indicator arrays). */
	default void release() {
	}
}
