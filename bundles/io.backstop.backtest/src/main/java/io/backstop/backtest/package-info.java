/**
 * Backtesting: strategies with named, typed, ranged parameters ({@link io.backstop.backtest.Strategy},
 * {@link io.backstop.backtest.ParameterSpec}, {@link io.backstop.backtest.StrategyRegistry}), a simulator
 * for long and short positions with sizing, fees, slippage and stop losses
 * ({@link io.backstop.backtest.Simulator}), metrics ({@link io.backstop.backtest.Metrics}), and the
 * allocation-free {@link io.backstop.backtest.BollingerZscoreKernel} for parameter sweeps.
 * <p>
 * Every strategy honours every {@link io.backstop.backtest.RunSettings run setting}. Under
 * {@link io.backstop.backtest.Ruin#STOP} (the default) a run whose equity reaches zero is ruined at
 * that bar ({@link io.backstop.backtest.BacktestResult#ruinedAt()}) and measured up to it; under
 * {@link io.backstop.backtest.Ruin#CONTINUE} {@code bollinger_zscore} reproduces the original
 * application's figures. Every metric is a finite number.
 * <p>
 * Plain Java on primitive arrays; no OSGi needed to use it. Every run is cancellable through a
 * {@link io.backstop.backtest.CancellationToken} polled every {@value io.backstop.backtest.CancellationToken#CHECK_INTERVAL}
 * bars.
 */
package io.backstop.backtest;
