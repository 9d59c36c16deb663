package io.backstop.sweep;

/** Receives the figures of evaluated combinations, one call per combination. */
@FunctionalInterface
public interface RowSink {

	/**
	 * @param index   the combination's index in its sweep ({@code 0 .. total - 1})
	 * @param metrics its metrics in the order of {@link RangeEvaluator#metricNames()} (NaN: not computed);
	 *                the array may be reused once this returns
	 */
	void row(long index, double[] metrics);
}
