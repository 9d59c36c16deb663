package io.backstop.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import io.backstop.backtest.Metrics;

/**
 * The metrics a sweep records per combination (columns of the results file, keys of
 * {@link SweepResult#metrics()}): {@link #FIGURES} for every strategy, with one definition each
 * (see {@link Metrics}): Sharpe, Sortino, volatility and drawdown of the equity marked to market
 * at every close; win rate, profit factor, expectancy and average trade of the closed trades.
 * Percentages are in percent and their names end in {@code _pct}; every other figure is money
 * (account currency), a count or a ratio.
 * <p>
 * {@code bollinger_zscore} also records the original application's per-trade figures,
 * {@link #ORIGINAL}, in columns of their own: its Sharpe of per-trade returns
 * ({@link #SHARPE_PER_TRADE}) and its drawdown of equity after closed trades
 * ({@link #MAX_DRAWDOWN_CLOSED_PCT}), equal to the original's under {@code Ruin.CONTINUE}.
 * <p>
 * Every recorded metric is a finite number. Under {@code Ruin.STOP} a ruined combination's figures
 * are those of its equity up to the ruin: final equity 0, max drawdown 100 %.
 */
public final class SweepMetrics {

	public static final String TOTAL_PNL = "total_pnl";
	public static final String FINAL_EQUITY = "final_equity";
	public static final String TOTAL_RETURN_PCT = "total_return_pct";
	public static final String CAGR_PCT = "cagr_pct";
	public static final String TRADES = "trades";
	public static final String WIN_RATE_PCT = "win_rate_pct";
	public static final String SHARPE = "sharpe";
	public static final String SORTINO = "sortino";
	public static final String CALMAR = "calmar";
	public static final String VOLATILITY_PCT = "volatility_pct";
	public static final String MAX_DRAWDOWN_PCT = "max_drawdown_pct";
	public static final String PROFIT_FACTOR = "profit_factor";
	public static final String EXPECTANCY = "expectancy";
	public static final String AVERAGE_TRADE_PCT = "avg_trade_pct";
	public static final String EXPOSURE_PCT = "exposure_pct";
	/** The original's Sharpe: mean / population deviation of per-trade net returns x sqrt(252). */
	public static final String SHARPE_PER_TRADE = "sharpe_per_trade";
	/** The original's drawdown, in percent of the running peak of equity after closed trades only. */
	public static final String MAX_DRAWDOWN_CLOSED_PCT = "max_drawdown_closed_pct";

	/**
	 * Not a column of the results file: how many combinations gave a top-K row's outcome
	 * ({@link SweepResult#sameOutcome()}), under this name among the figures of a row built from it.
	 */
	public static final String SAME_OUTCOME = "same_outcome";

	/** Recorded for every strategy, in column order. */
	public static final List<String> FIGURES = List.of(TOTAL_PNL, FINAL_EQUITY, TOTAL_RETURN_PCT, CAGR_PCT, TRADES,
			WIN_RATE_PCT, SHARPE, SORTINO, CALMAR, VOLATILITY_PCT, MAX_DRAWDOWN_PCT, PROFIT_FACTOR, EXPECTANCY,
			AVERAGE_TRADE_PCT, EXPOSURE_PCT);

	/** Recorded after {@link #FIGURES} for {@code bollinger_zscore}: the original application's figures. */
	public static final List<String> ORIGINAL = List.of(SHARPE_PER_TRADE, MAX_DRAWDOWN_CLOSED_PCT);

	private static final List<String> KERNEL = concat(FIGURES, ORIGINAL);

	/** The metrics recorded for a strategy id, in column order. */
	public static List<String> forStrategy(String strategyId) {
		return "bollinger_zscore".equals(strategyId) ? KERNEL : FIGURES;
	}

	/** Writes {@code m}'s {@link #FIGURES} into the first {@code FIGURES.size()} places of {@code out}. */
	public static void write(Metrics m, double[] out) {
		out[0] = m.totalPnl();
		out[1] = m.finalEquity();
		out[2] = m.totalReturn() * 100;
		out[3] = m.cagr() * 100;
		out[4] = m.tradeCount();
		out[5] = m.winRate() * 100;
		out[6] = m.sharpe();
		out[7] = m.sortino();
		out[8] = m.calmar();
		out[9] = m.volatility() * 100;
		out[10] = m.maxDrawdown() * 100;
		out[11] = m.profitFactor();
		out[12] = m.expectancy();
		out[13] = m.averageTrade() * 100;
		out[14] = m.exposure() * 100;
	}

	/**
	 * Whether a run's equity reached zero: its final equity is 0 or less, or its drawdown 100 % or
	 * more. A ruined run ranks after every run that was not, whatever its objective: its figures up
	 * to the ruin can look better than any survivor's (a Sharpe ratio of returns on an equity that
	 * vanishes, for one), and no trader would take it.
	 *
	 * @since 1.6
	 */
	public static boolean ruined(double finalEquity, double maxDrawdownPct) {
		return finalEquity <= 0 || maxDrawdownPct >= 100;
	}

	/**
	 * As {@link #ruined(double, double)}, for figures by name; false when they hold neither.
	 *
	 * @since 1.6
	 */
	public static boolean ruined(Map<String, Double> figures) {
		Double finalEquity = figures.get(FINAL_EQUITY);
		Double drawdown = figures.get(MAX_DRAWDOWN_PCT);
		return ruined(finalEquity == null ? Double.NaN : finalEquity, drawdown == null ? Double.NaN : drawdown);
	}

	/**
	 * How people call a metric of a strategy's sweep: "Total P&L", "Max drawdown %", "Sharpe",
	 * "Sharpe (per trade)"; an unknown name as it is. A name means the same for every strategy.
	 */
	public static String label(String strategyId, String metric) {
		return switch (metric) {
		case TOTAL_PNL -> "Total P&L";
		case FINAL_EQUITY -> "Final equity";
		case TOTAL_RETURN_PCT -> "Total return %";
		case CAGR_PCT -> "CAGR %";
		case TRADES -> "Trades";
		case WIN_RATE_PCT -> "Win rate %";
		case SHARPE -> "Sharpe";
		case SORTINO -> "Sortino";
		case CALMAR -> "Calmar";
		case VOLATILITY_PCT -> "Volatility %";
		case MAX_DRAWDOWN_PCT -> "Max drawdown %";
		case PROFIT_FACTOR -> "Profit factor";
		case EXPECTANCY -> "Expectancy";
		case AVERAGE_TRADE_PCT -> "Average trade %";
		case EXPOSURE_PCT -> "Exposure %";
		case SHARPE_PER_TRADE -> "Sharpe (per trade)";
		case MAX_DRAWDOWN_CLOSED_PCT -> "Max drawdown % (closed trades)";
		default -> metric;
		};
	}

	private static List<String> concat(List<String> a, List<String> b) {
		List<String> all = new ArrayList<>(a);
		all.addAll(b);
		return Collections.unmodifiableList(all);
	}

	private SweepMetrics() {
	}
}
