package io.backstop.backtest;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of one backtest. Its equity curve is trimmed to the bars processed on first use: a
 * run halted by the emergency stop returns at once.
 */
public final class BacktestResult {

	private final String strategyId;
	private final Parameters parameters;
	private final RunSettings settings;
	private final RunStatus status;
	private final int barsProcessed;
	private final List<Trade> trades;
	private final Map<String, Double> extras;
	private final Ruined ruined;
	private double[] equity;
	private final Metrics metrics;

	/**
	 * @param strategyId    the strategy's stable id
	 * @param parameters    the values used, defaults filled in
	 * @param settings      account and execution settings
	 * @param status        COMPLETED, or CANCELLED with what was computed before the cancellation
	 * @param barsProcessed bars simulated (all of them unless cancelled)
	 * @param equity        equity after each processed bar, marked to market at the close
	 *                      ({@code barsProcessed} values; longer arrays are trimmed, an empty one
	 *                      means the curve was not kept)
	 * @param trades        closed trades in order
	 * @param metrics       figures computed from equity (up to the ruin bar when ruined) and trades
	 * @param extras        strategy-specific figures by name (for {@code bollinger_zscore}: the
	 *                      original's {@code sharpe_per_trade} and {@code max_drawdown_closed_pct})
	 * @param ruined        where the run was ruined under {@link Ruin#STOP}, or null
	 */
	public BacktestResult(String strategyId, Parameters parameters, RunSettings settings, RunStatus status,
			int barsProcessed, double[] equity, List<Trade> trades, Metrics metrics, Map<String, Double> extras,
			Ruined ruined) {
		this.strategyId = Objects.requireNonNull(strategyId, "strategyId");
		this.status = Objects.requireNonNull(status, "status");
		this.parameters = parameters;
		this.settings = settings;
		this.barsProcessed = barsProcessed;
		this.equity = equity;
		// a run's trade log is immutable once handed over: kept, not copied into records
		this.trades = trades instanceof TradeLog log ? log : List.copyOf(trades);
		this.extras = Map.copyOf(extras == null ? Map.of() : extras);
		this.metrics = Objects.requireNonNull(metrics, "metrics");
		this.ruined = ruined;
	}

	/**
	 * Where a run under {@link Ruin#STOP} was ruined: the first bar whose equity, marked at its
	 * close, was zero or below. From that bar on the run holds no position and its equity stays
	 * at {@code max(0, equity there)}; its metrics are those of the equity up to that bar.
	 *
	 * @param bar  index of the bar
	 * @param time its epoch millis
	 */
	public record Ruined(int bar, long time) {
	}

	public String strategyId() {
		return strategyId;
	}

	public Parameters parameters() {
		return parameters;
	}

	public RunSettings settings() {
		return settings;
	}

	public RunStatus status() {
		return status;
	}

	public int barsProcessed() {
		return barsProcessed;
	}

	/**
	 * Equity after each processed bar ({@code barsProcessed} values); empty for a run made for its
	 * figures only ({@link Strategy#runForFigures}).
	 */
	public synchronized double[] equity() {
		if (equity.length > barsProcessed) {
			equity = Arrays.copyOf(equity, barsProcessed);
		}
		return equity;
	}

	public List<Trade> trades() {
		return trades;
	}

	/** Figures computed from the equity curve (up to the ruin bar when ruined) and the trades. */
	public Metrics metrics() {
		return metrics;
	}

	/** Where the run was ruined under {@link Ruin#STOP}; empty when it was not. */
	public Optional<Ruined> ruinedAt() {
		return Optional.ofNullable(ruined);
	}

	public boolean isRuined() {
		return ruined != null;
	}

	public Map<String, Double> extras() {
		return extras;
	}

	public boolean isCancelled() {
		return status == RunStatus.CANCELLED;
	}

	public double finalEquity() {
		return metrics().finalEquity();
	}

	/**
	 * This result measured from bar {@code firstBar} on, as if the run had started there with the same
	 * capital: for a run whose first bars only warmed its indicators up (no position could open on
	 * them, their equity stayed at the capital), its equity, trades (bars renumbered) and figures over
	 * the bars after them.
	 *
	 * @param firstBar   the first bar measured; 0 gives this result
	 * @param timestamps the times of the bars the run processed (at least {@link #barsProcessed()})
	 * @throws IllegalArgumentException when a trade opened before {@code firstBar}
	 */
	public BacktestResult measuredFrom(int firstBar, long[] timestamps) {
		if (firstBar <= 0) {
			return this;
		}
		int from = Math.min(firstBar, barsProcessed);
		double[] kept = Arrays.copyOfRange(equity(), from, barsProcessed);
		long[] times = Arrays.copyOfRange(timestamps, from, barsProcessed);
		List<Trade> renumbered = trades.stream().map(t -> {
			if (t.entryBar() < from) {
				throw new IllegalArgumentException("a trade opened at bar " + t.entryBar() + ", before the first bar measured, "
						+ from);
			}
			return new Trade(t.side(), t.entryBar() - from, t.exitBar() - from, t.entryTime(), t.exitTime(),
					t.entryPrice(), t.exitPrice(), t.quantity(), t.netReturn(), t.pnl(), t.fees(), t.exitReason());
		}).toList();
		Ruined ruinedThere = ruined == null ? null : new Ruined(ruined.bar() - from, ruined.time());
		int measured = ruinedThere == null ? kept.length : Math.min(kept.length, ruinedThere.bar() + 1);
		Metrics figures = Metrics.compute(kept, measured, times, renumbered, settings.initialCapital());
		return new BacktestResult(strategyId, parameters, settings, status, kept.length, kept, renumbered, figures, extras,
				ruinedThere);
	}

	@Override
	public String toString() {
		return "BacktestResult[" + strategyId + " " + parameters + ", " + status + ", " + barsProcessed + " bars, "
				+ trades.size() + " trades" + (ruined == null ? "" : ", ruined at bar " + ruined.bar()) + "]";
	}
}
