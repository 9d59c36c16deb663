package io.backstop.app.model;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.Parameters;
import io.backstop.data.OhlcvSeries;

/**
 * One row of the Results view: a backtest, or one combination of a sweep or of an LLM
 * optimisation.
 *
 * @param number     1, 2, ... in the order the rows arrived
 * @param kind       "Backtest", "Sweep", "LLM"
 * @param origin     the run this row belongs to, for example "sweep 3 (stopped)"
 * @param strategyId the strategy's id
 * @param parameters the values used
 * @param status     "completed", "cancelled", "partial", ...
 * @param metrics    the figures
 * @param series     the bars it ran on
 * @param result     the full result with equity and trades, or null when only metrics are known
 *                   (a sweep keeps only metrics; the Results view recomputes the curve on demand)
 */
public record RunRecord(int number, String kind, String origin, String strategyId, Parameters parameters,
		String status, Metrics metrics, OhlcvSeries series, BacktestResult result) {

	public RunRecord withResult(BacktestResult full) {
		return new RunRecord(number, kind, origin, strategyId, parameters, status, metrics, series, full);
	}
}
