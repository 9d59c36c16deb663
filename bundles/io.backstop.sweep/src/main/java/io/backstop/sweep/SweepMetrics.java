package io.backstop.sweep;

import java.util.List;

/**
 * The metrics a sweep records per combination (columns of the results file, keys of
 * {@link SweepResult#metrics()}).
 * <p>
 * {@code bollinger_zscore} runs the original application's kernel and records its figures,
 * {@link #KERNEL}: total pnl, final equity, trades, win rate, Sharpe and max drawdown in percent.
 * Its {@link #SHARPE} is the original's <em>per-trade</em> Sharpe (mean over population deviation
 * of the trades' net returns x sqrt(252)), kept under that name so that the original's files and
 * objectives still read; show it with {@link #label} as "Sharpe (per trade)". Every other
 * strategy runs through the simulator and records {@link #SIMULATOR}, whose Sharpe is annualised
 * per bar.
 * <p>
 * Every recorded metric is a finite number. Under {@code Ruin.STOP} a ruined combination's figures
 * are those of its equity up to the ruin: final equity 0, max drawdown 100 %.
 */
public final class SweepMetrics {

	public static final String TOTAL_PNL = "total_pnl";
	public static final String FINAL_EQUITY = "final_equity";
	public static final String TOTAL_RETURN = "total_return";
	public static final String TRADES = "trades";
	public static final String WIN_RATE = "win_rate";
	public static final String SHARPE = "sharpe";
	public static final String SORTINO = "sortino";
	public static final String CALMAR = "calmar";
	/** Percent of the running peak (kernel: after closed trades; simulator: per bar). */
	public static final String MAX_DRAWDOWN_PCT = "max_drawdown_pct";
	public static final String PROFIT_FACTOR = "profit_factor";
	public static final String EXPECTANCY = "expectancy";

	/** Recorded for {@code bollinger_zscore}, in column order. */
	public static final List<String> KERNEL = List.of(TOTAL_PNL, FINAL_EQUITY, TRADES, WIN_RATE, SHARPE,
			MAX_DRAWDOWN_PCT);

	/** Recorded for strategies run by the simulator, in column order. */
	public static final List<String> SIMULATOR = List.of(TOTAL_PNL, FINAL_EQUITY, TOTAL_RETURN, TRADES, WIN_RATE,
			SHARPE, SORTINO, CALMAR, MAX_DRAWDOWN_PCT, PROFIT_FACTOR, EXPECTANCY);

	/** The metrics recorded for a strategy id. */
	public static List<String> forStrategy(String strategyId) {
		return isKernel(strategyId) ? KERNEL : SIMULATOR;
	}

	/**
	 * How people call a metric of a strategy's sweep: "Total P&L", "Max drawdown %", "Sharpe", and
	 * "Sharpe (per trade)" for {@code bollinger_zscore}'s; an unknown name as it is.
	 */
	public static String label(String strategyId, String metric) {
		return switch (metric) {
		case TOTAL_PNL -> "Total P&L";
		case FINAL_EQUITY -> "Final equity";
		case TOTAL_RETURN -> "Total return";
		case TRADES -> "Trades";
		case WIN_RATE -> "Win rate";
		case SHARPE -> isKernel(strategyId) ? "Sharpe (per trade)" : "Sharpe";
		case SORTINO -> "Sortino";
		case CALMAR -> "Calmar";
		case MAX_DRAWDOWN_PCT -> "Max drawdown %";
		case PROFIT_FACTOR -> "Profit factor";
		case EXPECTANCY -> "Expectancy";
		default -> metric;
		};
	}

	private static boolean isKernel(String strategyId) {
		return "bollinger_zscore".equals(strategyId);
	}

	private SweepMetrics() {
	}
}
