package io.backstop.app.model;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;

/**
 * One row of the Results view: a backtest, or one combination of a sweep or of an LLM
 * optimisation.
 *
 * @param number     1, 2, ... in the order the rows arrived
 * @param kind       "Backtest", "Sweep", "LLM"
 * @param origin     the run this row belongs to, for example "sweep 3f2a..."
 * @param strategyId the strategy's id
 * @param parameters the values used
 * @param settings   the account and execution settings used
 * @param status     "completed", "cancelled", "stopped (partial)", ...
 * @param figures    the key figures
 * @param series     the bars it ran on
 * @param result     the full result with equity and trades, or null when only figures are known
 *                   (a sweep keeps only metrics; the Results view recomputes the curve on demand)
 */
public record RunRecord(int number, String kind, String origin, String strategyId, Parameters parameters,
		RunSettings settings, String status, Figures figures, OhlcvSeries series, BacktestResult result) {

	public RunRecord withResult(BacktestResult full) {
		return new RunRecord(number, kind, origin, strategyId, parameters, settings, status, figures, series, full);
	}
}
