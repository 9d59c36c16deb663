/**
 * Optimisation beyond the grid: random, genetic (Jenetics) and CMA-ES (Commons Math) searches over
 * a strategy's parameter space, walk-forward analysis with a holdout split, and overfitting checks
 * (Deflated Sharpe Ratio, Probability of Backtest Overfitting).
 * <p>
 * Everything runs through the {@link io.backstop.optimise.OptimiseService} (a Declarative Services
 * component). The emergency stop halts every search and walk-forward (step
 * {@value io.backstop.optimise.OptimiseService#HALT_STEP_ID}, order 100): evaluations done are kept in
 * the results file with a checkpoint, and {@link io.backstop.optimise.OptimiseService#resume(String)}
 * finishes the run with the same evaluations as an uninterrupted one.
 */
package io.backstop.optimise;
