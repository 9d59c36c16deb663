package io.backstop.app.model;

import java.util.Map;

import io.backstop.backtest.Metrics;

/**
 * The key figures the Results view shows for a run or a combination. Fractions are fractions
 * (0.12 = 12%); NaN where a figure was not recorded.
 */
public record Figures(double totalReturn, double sharpe, double maxDrawdown, double trades, double winRate,
		double profitFactor, double finalEquity) {

	public static Figures of(Metrics m) {
		return new Figures(m.totalReturn(), m.sharpe(), m.maxDrawdown(), m.tradeCount(), m.winRate(), m.profitFactor(),
				m.finalEquity());
	}

	/**
	 * From the metrics a sweep records (see {@code io.backstop.sweep.SweepMetrics}): drawdown in
	 * percent there; total return derived from the final equity when not recorded.
	 */
	public static Figures ofSweep(Map<String, Double> metrics, double initialCapital) {
		double finalEquity = get(metrics, "final_equity");
		double totalReturn = metrics.containsKey("total_return") ? get(metrics, "total_return")
				: Double.isNaN(finalEquity) ? Double.NaN : finalEquity / initialCapital - 1;
		double drawdownPercent = get(metrics, "max_drawdown_pct");
		return new Figures(totalReturn, get(metrics, "sharpe"), drawdownPercent / 100, get(metrics, "trades"),
				get(metrics, "win_rate"), get(metrics, "profit_factor"), finalEquity);
	}

	/** From the metrics the LLM agent's backtest evaluator records (Metrics in snake_case). */
	public static Figures ofAgent(Map<String, Double> metrics) {
		return new Figures(get(metrics, "total_return"), get(metrics, "sharpe"), get(metrics, "max_drawdown"),
				get(metrics, "trade_count"), get(metrics, "win_rate"), get(metrics, "profit_factor"),
				get(metrics, "final_equity"));
	}

	private static double get(Map<String, Double> metrics, String name) {
		Double value = metrics.get(name);
		return value == null ? Double.NaN : value;
	}
}
