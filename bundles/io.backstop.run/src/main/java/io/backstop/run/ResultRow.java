package io.backstop.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;

/**
 * One row of the results: a backtest, or one combination of a sweep or of an LLM run.
 *
 * @param number     1, 2, ... in the order rows arrived (numbers are not reused after
 *                   {@link RunService#clearResults()})
 * @param runId      the run it belongs to ({@link RunHandle#id()})
 * @param kind       the run's kind
 * @param origin     how people name that run: "backtest 1", "sweep 3", "LLM 2 (llama3.2)"
 * @param strategyId the strategy
 * @param parameters every parameter's value, in the strategy's order
 * @param settings   the settings it ran with
 * @param status     "completed", "cancelled", "stopped (partial)", "ruined at 2025-05-03 14:05", ...
 * @param figures    the figures by metric name, as the run recorded them (a backtest and an LLM run:
 *                   {@code sharpe}, {@code total_return}, {@code max_drawdown}, {@code trade_count}, ...;
 *                   a sweep: the sweep's metrics, {@code max_drawdown_pct}, {@code trades}, ...)
 * @param series     the bars it ran on
 * @param warmUpBars how many of the first bars of {@code series} only warmed its indicators up: no
 *                   position opened on them and its figures, equity and trades are those of the bars
 *                   after them ({@link #measuredSeries()}); 0 for most rows, a walk-forward window's
 *                   in-sample bars for its out-of-sample row
 * @param result     the full result with equity curve and trades, or null when only the figures
 *                   are kept ({@link RunService#detail(ResultRow)} recomputes it)
 */
public record ResultRow(int number, String runId, RunKind kind, String origin, String strategyId, Parameters parameters,
		RunSettings settings, String status, Map<String, Double> figures, OhlcvSeries series, int warmUpBars,
		BacktestResult result) {

	public ResultRow {
		Objects.requireNonNull(runId, "runId");
		Objects.requireNonNull(kind, "kind");
		Objects.requireNonNull(strategyId, "strategyId");
		Objects.requireNonNull(parameters, "parameters");
		Objects.requireNonNull(settings, "settings");
		Objects.requireNonNull(series, "series");
		if (warmUpBars < 0 || warmUpBars > series.size()) {
			throw new IllegalArgumentException("warm-up of " + warmUpBars + " bars in a series of " + series.size());
		}
		figures = Collections.unmodifiableMap(new LinkedHashMap<>(figures));
	}

	/** This row with (or, for null, without) its full result. */
	public ResultRow withResult(BacktestResult full) {
		return new ResultRow(number, runId, kind, origin, strategyId, parameters, settings, status, figures, series,
				warmUpBars, full);
	}

	/** The bars its figures, equity and trades are of: {@code series} after its warm-up bars. */
	public OhlcvSeries measuredSeries() {
		return warmUpBars == 0 ? series : series.slice(warmUpBars, series.size());
	}

	/** A figure by the name the run recorded it under; NaN when not recorded. */
	public double figure(String name) {
		Double v = figures.get(name);
		return v == null ? Double.NaN : v;
	}

	/** Total return as a fraction (0.12 = 12 %); from the final equity when not recorded. */
	public double totalReturn() {
		double recorded = fraction("total_return");
		return Double.isNaN(recorded) ? finalEquity() / settings.initialCapital() - 1 : recorded;
	}

	/** Compound annual growth as a fraction. */
	public double cagr() {
		return fraction("cagr");
	}

	/** Per-bar Sharpe of the equity marked to market, annualised. */
	public double sharpe() {
		return figure("sharpe");
	}

	public double sortino() {
		return figure("sortino");
	}

	public double calmar() {
		return figure("calmar");
	}

	/** Annualised volatility of per-bar returns, as a fraction. */
	public double volatility() {
		return fraction("volatility");
	}

	/** Deepest drawdown of the equity marked to market, as a fraction of the peak. */
	public double maxDrawdown() {
		return fraction("max_drawdown");
	}

	/** Closed trades. */
	public double trades() {
		double count = figure("trade_count");
		return Double.isNaN(count) ? figure("trades") : count;
	}

	/** Share of winning trades, as a fraction. */
	public double winRate() {
		return fraction("win_rate");
	}

	public double profitFactor() {
		return figure("profit_factor");
	}

	/** Mean pnl per trade in account currency. */
	public double expectancy() {
		return figure("expectancy");
	}

	/** Mean net return per trade on its entry notional, as a fraction. */
	public double averageTrade() {
		double recorded = figure("average_trade");
		return Double.isNaN(recorded) ? figure("avg_trade_pct") / 100 : recorded;
	}

	/** Share of bars spent in a position, as a fraction. */
	public double exposure() {
		return fraction("exposure");
	}

	public double finalEquity() {
		return figure("final_equity");
	}

	/** A figure recorded as a fraction under {@code name} or in percent under {@code name_pct}, as a fraction. */
	private double fraction(String name) {
		double recorded = figure(name);
		return Double.isNaN(recorded) ? figure(name + "_pct") / 100 : recorded;
	}
}
