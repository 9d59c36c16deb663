package io.backstop.backtest;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one backtest.
 *
 * @param strategyId   the strategy's stable id
 * @param parameters   the values used, defaults filled in
 * @param settings     account and execution settings
 * @param status       COMPLETED, or CANCELLED with what was computed before the cancellation
 * @param barsProcessed bars simulated (all of them unless cancelled)
 * @param equity       equity after each processed bar, marked to market at the close
 *                     ({@code barsProcessed} values)
 * @param trades       closed trades in order
 * @param metrics      figures computed from equity and trades
 * @param extras       strategy-specific figures by name (for {@code bollinger_zscore}: the original
 *                     kernel's {@code kernel.sharpe}, {@code kernel.max_drawdown_pct}, ...)
 */
public record BacktestResult(String strategyId, Parameters parameters, RunSettings settings, RunStatus status,
		int barsProcessed, double[] equity, List<Trade> trades, Metrics metrics, Map<String, Double> extras) {

	public BacktestResult {
		Objects.requireNonNull(strategyId, "strategyId");
		Objects.requireNonNull(status, "status");
		trades = List.copyOf(trades);
		extras = Map.copyOf(extras == null ? Map.of() : extras);
	}

	public boolean isCancelled() {
		return status == RunStatus.CANCELLED;
	}

	public double finalEquity() {
		return metrics.finalEquity();
	}
}
