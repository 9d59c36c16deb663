/**
 * Runs the LLM agent on the backtest engine: {@link io.backstop.llm.backtest.BacktestEvaluator}
 * evaluates a strategy's parameter set on a series and hands the agent its metrics.
 */
package io.backstop.llm.backtest;
