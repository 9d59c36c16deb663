package io.backstop.run.internal;

import java.util.List;

import io.backstop.run.RunKind;
import io.backstop.sweep.SweepMetrics;

/** The metrics each kind of run records, and so can rank by. */
final class RunMetrics {

	/**
	 * What a backtest and an LLM run record per evaluation: the names
	 * {@link io.backstop.llm.backtest.BacktestEvaluator} gives {@link io.backstop.backtest.Metrics}' components.
	 */
	static final List<String> BACKTEST = List.of("sharpe", "sortino", "calmar", "total_return", "cagr", "max_drawdown",
			"win_rate", "profit_factor", "expectancy", "trade_count", "final_equity", "volatility");

	private RunMetrics() {
	}

	static List<String> of(RunKind kind, String strategyId) {
		return kind == RunKind.SWEEP ? SweepMetrics.forStrategy(strategyId) : BACKTEST;
	}

	/** A backtest's figures under the {@link #BACKTEST} names. */
	static java.util.Map<String, Double> figures(io.backstop.backtest.Metrics m) {
		java.util.Map<String, Double> figures = new java.util.LinkedHashMap<>();
		figures.put("sharpe", m.sharpe());
		figures.put("sortino", m.sortino());
		figures.put("calmar", m.calmar());
		figures.put("total_return", m.totalReturn());
		figures.put("cagr", m.cagr());
		figures.put("max_drawdown", m.maxDrawdown());
		figures.put("win_rate", m.winRate());
		figures.put("profit_factor", m.profitFactor());
		figures.put("expectancy", m.expectancy());
		figures.put("trade_count", (double) m.tradeCount());
		figures.put("final_equity", m.finalEquity());
		figures.put("volatility", m.volatility());
		return figures;
	}
}
