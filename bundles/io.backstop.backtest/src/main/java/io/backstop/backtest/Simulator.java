package io.backstop.backtest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.backstop.data.OhlcvSeries;

/**
 * Executes {@link SignalRules} over a series: long and short positions, sizing, fees and
 * slippage in basis points, stop losses, equity marked to market at every close.
 *
 * <h2>Execution model</h2>
 * At each bar {@code i} from the rules' first bar, in this order:
 * <ol>
 * <li>In a position opened before bar {@code i}: if the bar touches the stop (a long's low at or
 * below it, a short's high at or above it) the position closes at the stop price, or at the open
 * when the bar opened beyond it, with slippage: {@link ExitReason#STOP_LOSS}. Otherwise, if the
 * rules' exit fires or the entry signal is opposite, it closes at the close with slippage:
 * {@link ExitReason#SIGNAL}.</li>
 * <li>Flat (and not stopped out on this bar), with an entry signal (shorts only when
 * {@link RunSettings#allowShort()}): open at the close with slippage. The quantity is
 * {@code sizingValue x equity / fill price}, {@code sizingValue / fill price} or
 * {@code sizingValue} (see {@link Sizing}).</li>
 * <li>Equity = cash + the open position's value at the close.</li>
 * </ol>
 * A bar that is not {@link OhlcvSeries#tradable(int) tradable} (no volume) takes no signal: neither
 * an entry nor a signal exit fills at its close (a stop still does).
 * <p>
 * Buys fill at {@code price x (1 + slip)}, sells at {@code price x (1 - slip)}; each fill pays
 * {@code feesBps} of its notional. A position still open after the last bar closes at the last
 * close ({@link ExitReason#END_OF_DATA}). No new position opens while equity is not positive.
 * <p>
 * Under {@link Ruin#STOP}, the first bar whose equity after step 3 is zero or below (a loss
 * beyond the account, a gap through a stop) ruins the run: a position still open closes at that
 * close with slippage and fees ({@link ExitReason#RUIN}), nothing trades after it, equity is 0
 * from that bar to the last, and the metrics are those of the equity up to that bar
 * ({@link BacktestResult#ruinedAt()}). Under {@link Ruin#CONTINUE} trading goes on below zero.
 * <p>
 * The rules write their signals into a {@link Signals} block of {@link CancellationToken#CHECK_INTERVAL}
 * bars at a time, and the token is polled before each block; a cancelled run keeps the trades
 * closed and the equity computed so far (an open position stays open, valued at the last processed
 * close). The loop reads primitive arrays only: no call into the strategy, no allocation per bar
 * except for a closed trade's record.
 */
public final class Simulator {

	private Simulator() {
	}

	public static BacktestResult run(OhlcvSeries series, SignalRules rules, RunSettings settings,
			CancellationToken cancel, String strategyId, Parameters parameters) {
		return run(series, rules, settings, cancel, strategyId, parameters, true);
	}

	/**
	 * Like {@link #run(OhlcvSeries, SignalRules, RunSettings, CancellationToken, String, Parameters)},
	 * for the figures only: the metrics are accumulated bar by bar and the result's
	 * {@link BacktestResult#equity() equity} is empty, so a run allocates nothing per bar.
	 */
	public static BacktestResult runForFigures(OhlcvSeries series, SignalRules rules, RunSettings settings,
			CancellationToken cancel, String strategyId, Parameters parameters) {
		return run(series, rules, settings, cancel, strategyId, parameters, false);
	}

	private static BacktestResult run(OhlcvSeries series, SignalRules rules, RunSettings settings,
			CancellationToken cancel, String strategyId, Parameters parameters, boolean keepCurve) {
		final int n = series.size();
		final double[] open = series.open();
		final double[] high = series.high();
		final double[] low = series.low();
		final double[] close = series.close();
		final boolean someUntradable = series.untradableBars() > 0;
		final long[] time = series.timestamps();
		final double slip = settings.slippageFraction();
		final double fee = settings.feeFraction();
		final double capital = settings.initialCapital();
		final Sizing sizing = settings.sizing();
		final double sizingValue = settings.sizingValue();
		final boolean allowShort = settings.allowShort();
		final boolean stopAtRuin = settings.ruin() == Ruin.STOP;

		double[] equity = keepCurve ? new double[n] : null;
		Metrics.EquityStatistics statistics = new Metrics.EquityStatistics(settings.initialCapital());
		// a bar's equity is accumulated once the next bar has begun: the last one may still change;
		// bars reach the statistics a block at a time, so their running figures stay in registers,
		// and a run of bars at the equity last handed over (a flat account) as one count
		double barEquity = 0;
		double[] marks = new double[CancellationToken.CHECK_INTERVAL];
		int markCount = 0;
		double handed = capital;
		int unchanged = 0;
		List<Trade> trades = new ArrayList<>();
		double cash = capital;
		int dir = 0;
		int entryBar = -1;
		double entryPrice = 0;
		double qty = 0;
		double entryFee = 0;
		double stop = Double.NaN;
		int first = Math.max(0, rules.firstBar());
		Signals signals = new Signals(CancellationToken.CHECK_INTERVAL);
		boolean cancelled = false;
		BacktestResult.Ruined ruined = null;
		int i = 0;
		for (; i < n; i++) {
			if (i > 0) {
				if (barEquity == handed) {
					unchanged++;
				} else {
					if (unchanged > 0 || markCount == marks.length) {
						statistics.addAll(marks, 0, markCount);
						markCount = 0;
						statistics.addUnchanged(unchanged);
						unchanged = 0;
					}
					marks[markCount++] = barEquity;
					handed = barEquity;
				}
			}
			if ((i & (CancellationToken.CHECK_INTERVAL - 1)) == 0) {
				if (cancel.isCancelled()) {
					cancelled = true;
					break;
				}
				int from = Math.max(first, i);
				int to = Math.min(n, i + CancellationToken.CHECK_INTERVAL);
				if (from < to) {
					signals.clear(from, to);
					rules.signals(from, to, signals);
					if (someUntradable) {
						signals.silenceUntradable(series, from, to);
					}
				}
			}
			double c = close[i];
			boolean stoppedOut = false;
			if (dir != 0 && i > entryBar) {
				double exitPrice = Double.NaN;
				ExitReason reason = null;
				if (dir > 0 && low[i] <= stop) {
					exitPrice = Math.min(open[i], stop) * (1 - slip);
					reason = ExitReason.STOP_LOSS;
				} else if (dir < 0 && high[i] >= stop) {
					exitPrice = Math.max(open[i], stop) * (1 + slip);
					reason = ExitReason.STOP_LOSS;
				} else if (i >= first && signals.closesAt(i, dir)) {
					exitPrice = c * (1 - slip * dir);
					reason = ExitReason.SIGNAL;
				}
				if (reason != null) {
					double exitFee = qty * exitPrice * fee;
					double gross = qty * (exitPrice - entryPrice) * dir;
					double pnl = gross - entryFee - exitFee;
					cash += gross - exitFee;
					double notional = qty * entryPrice;
					trades.add(new Trade(Side.of(dir), entryBar, i, time[entryBar], time[i], entryPrice, exitPrice, qty,
							pnl / notional, pnl, entryFee + exitFee, reason));
					stoppedOut = reason == ExitReason.STOP_LOSS;
					dir = 0;
				}
			}
			if (dir == 0 && !stoppedOut && i >= first && cash > 0) {
				int sig = signals.entryAt(i);
				if (sig < 0 && !allowShort) {
					sig = 0;
				}
				if (sig != 0) {
					entryPrice = c * (1 + slip * sig);
					qty = switch (sizing) {
					case EQUITY_FRACTION -> sizingValue * cash / entryPrice;
					case FIXED_NOTIONAL -> sizingValue / entryPrice;
					case FIXED_QUANTITY -> sizingValue;
					};
					double notional = qty * entryPrice;
					entryFee = notional * fee;
					cash -= entryFee;
					dir = sig;
					entryBar = i;
					stop = rules.stopPrice(i, sig, entryPrice);
					if (Double.isNaN(stop)) {
						stop = sig > 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
					}
				}
			}
			barEquity = dir == 0 ? cash : cash + qty * (c - entryPrice) * dir;
			if (stopAtRuin && barEquity <= 0) {
				if (dir != 0) {
					double exitPrice = c * (1 - slip * dir);
					double exitFee = qty * exitPrice * fee;
					double gross = qty * (exitPrice - entryPrice) * dir;
					double pnl = gross - entryFee - exitFee;
					trades.add(new Trade(Side.of(dir), entryBar, i, time[entryBar], time[i], entryPrice, exitPrice, qty,
							pnl / (qty * entryPrice), pnl, entryFee + exitFee, ExitReason.RUIN));
					dir = 0;
				}
				// closing at or below zero leaves nothing: the account's equity is floored there
				barEquity = 0;
				ruined = new BacktestResult.Ruined(i, time[i]);
				break;
			}
			if (equity != null) {
				equity[i] = barEquity;
			}
		}
		if (ruined != null) {
			if (equity != null) {
				Arrays.fill(equity, ruined.bar(), n, 0.0);
			}
			i = n;
		} else if (!cancelled && dir != 0 && n > 0) {
			int last = n - 1;
			double exitPrice = close[last] * (1 - slip * dir);
			double exitFee = qty * exitPrice * fee;
			double gross = qty * (exitPrice - entryPrice) * dir;
			double pnl = gross - entryFee - exitFee;
			cash += gross - exitFee;
			trades.add(new Trade(Side.of(dir), entryBar, last, time[entryBar], time[last], entryPrice, exitPrice, qty,
					pnl / (qty * entryPrice), pnl, entryFee + exitFee, ExitReason.END_OF_DATA));
			barEquity = cash;
			if (equity != null) {
				equity[last] = cash;
			}
		}
		statistics.addAll(marks, 0, markCount);
		statistics.addUnchanged(unchanged);
		if (!cancelled && n > 0) {
			statistics.addAll(new double[] { barEquity }, 0, 1);
		}
		for (Trade trade : trades) {
			statistics.addTrade(trade.pnl(), trade.netReturn(), trade.durationBars());
		}
		return new BacktestResult(strategyId, parameters, settings, cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED,
				i, equity == null ? new double[0] : equity, trades, statistics.metrics(time), Map.of(), ruined);
	}
}
