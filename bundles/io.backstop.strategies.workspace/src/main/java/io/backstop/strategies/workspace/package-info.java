/**
 * Strategies users write in the workspace: {@code WORKSPACE/strategies/NAME.java}, compiled in
 * process against the strategy API ({@code io.backstop.backtest}, {@code io.backstop.data},
 * {@code io.backstop.indicators}) and registered as {@link io.backstop.backtest.Strategy} services,
 * so that every run, sweep and agent sees them like the built-ins. The
 * {@link io.backstop.strategies.workspace.StrategyWorkspace} service owns them.
 */
package io.backstop.strategies.workspace;
