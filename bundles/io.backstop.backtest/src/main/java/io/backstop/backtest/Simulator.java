package io.backstop.backtest;

import java.util.Arrays;
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
 * except for a closed trade's record. It runs over the bars on which nothing can trade (flat without
 * an entry signal; holding without a stop, an exit or an opposite entry) in a tight loop per state,
 * and takes every other bar through the rules above one at a time.
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
		Pending pending = new Pending(statistics);
		// under Ruin.STOP a mark at or below zero is a ruin, which the bar-by-bar path books
		final double ruinMark = stopAtRuin ? 0 : Double.NEGATIVE_INFINITY;
		TradeLog trades = new TradeLog(time);
		double cash = capital;
		int dir = 0;
		int entryBar = -1;
		double entryPrice = 0;
		double qty = 0;
		double entryFee = 0;
		double stop = Double.NaN;
		int first = Math.max(0, rules.firstBar());
		Signals signals = new Signals(CancellationToken.CHECK_INTERVAL);
		final byte[] entries = signals.entries();
		final byte[] exits = signals.exits();
		boolean cancelled = false;
		BacktestResult.Ruined ruined = null;
		int i = 0;
		blocks: for (int start = 0; start < n; start += CancellationToken.CHECK_INTERVAL) {
			i = start;
			if (cancel.isCancelled()) {
				cancelled = true;
				break;
			}
			final int end = Math.min(n, start + CancellationToken.CHECK_INTERVAL);
			final int from = Math.max(first, start);
			if (from < end) {
				signals.clear(from, end);
				rules.signals(from, end, signals);
				if (someUntradable) {
					signals.silenceUntradable(series, from, end);
				}
			}
			while (i < end) {
				/*
				 * Skip, in a tight loop, the bars on which nothing trades: flat without an entry signal
				 * (equity unchanged), or holding without a stop, exit or opposite entry (equity marked at
				 * the close). The bar that ends the stretch goes through every rule below.
				 */
				int j = i;
				if (dir == 0) {
					if (cash > 0) {
						j = Math.max(j, Math.min(from, end));
						if (allowShort) {
							while (j < end && entries[j - from] == 0) {
								j++;
							}
						} else {
							while (j < end && entries[j - from] <= 0) {
								j++;
							}
						}
					} else if (!stopAtRuin) {
						j = end;
					}
					pending.unchanged(j - i, cash);
					if (equity != null) {
						Arrays.fill(equity, i, j, cash);
					}
				} else {
					double[] marks = pending.room(end - j);
					int count = pending.count;
					byte exitMask = dir > 0 ? Signals.EXIT_LONG : Signals.EXIT_SHORT;
					if (dir > 0) {
						for (; j < end; j++) {
							int k = j - from;
							if (low[j] <= stop || (exits[k] & exitMask) != 0 || entries[k] < 0) {
								break;
							}
							double mark = cash + qty * (close[j] - entryPrice) * dir;
							if (mark <= ruinMark) {
								break;
							}
							marks[count++] = mark;
						}
					} else {
						for (; j < end; j++) {
							int k = j - from;
							if (high[j] >= stop || (exits[k] & exitMask) != 0 || entries[k] > 0) {
								break;
							}
							double mark = cash + qty * (close[j] - entryPrice) * dir;
							if (mark <= ruinMark) {
								break;
							}
							marks[count++] = mark;
						}
					}
					if (equity != null) {
						System.arraycopy(marks, pending.count, equity, i, j - i);
					}
					pending.count = count;
				}
				i = j;
				if (i == end) {
					break;
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
						close(trades, statistics, dir, entryBar, i, entryPrice, exitPrice, qty, pnl, entryFee + exitFee, reason);
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
				double barEquity = dir == 0 ? cash : cash + qty * (c - entryPrice) * dir;
				if (stopAtRuin && barEquity <= 0) {
					if (dir != 0) {
						double exitPrice = c * (1 - slip * dir);
						double exitFee = qty * exitPrice * fee;
						double gross = qty * (exitPrice - entryPrice) * dir;
						double pnl = gross - entryFee - exitFee;
						close(trades, statistics, dir, entryBar, i, entryPrice, exitPrice, qty, pnl, entryFee + exitFee,
								ExitReason.RUIN);
						dir = 0;
					}
					// closing at or below zero leaves nothing: the account's equity is floored there
					pending.mark(0);
					ruined = new BacktestResult.Ruined(i, time[i]);
					break blocks;
				}
				pending.mark(barEquity);
				if (equity != null) {
					equity[i] = barEquity;
				}
				i++;
			}
		}
		if (ruined != null) {
			if (equity != null) {
				Arrays.fill(equity, ruined.bar(), n, 0.0);
			}
			i = n;
		} else if (!cancelled) {
			i = n;
			if (dir != 0 && n > 0) {
				int last = n - 1;
				double exitPrice = close[last] * (1 - slip * dir);
				double exitFee = qty * exitPrice * fee;
				double gross = qty * (exitPrice - entryPrice) * dir;
				double pnl = gross - entryFee - exitFee;
				cash += gross - exitFee;
				close(trades, statistics, dir, entryBar, last, entryPrice, exitPrice, qty, pnl, entryFee + exitFee,
						ExitReason.END_OF_DATA);
				// held to the last bar, whose mark is the last one pending: it becomes the closed account
				pending.replaceLast(cash);
				if (equity != null) {
					equity[last] = cash;
				}
			}
		}
		pending.finish();
		return new BacktestResult(strategyId, parameters, settings, cancelled ? RunStatus.CANCELLED : RunStatus.COMPLETED,
				i, equity == null ? new double[0] : equity, trades, statistics.metrics(time), Map.of(), ruined);
	}

	/** Records a closed trade and adds it to the figures; its net return is on the entry notional. */
	private static void close(TradeLog trades, Metrics.EquityStatistics statistics, int dir, int entryBar, int exitBar,
			double entryPrice, double exitPrice, double qty, double pnl, double fees, ExitReason reason) {
		double netReturn = pnl / (qty * entryPrice);
		trades.add(dir, entryBar, exitBar, entryPrice, exitPrice, qty, netReturn, pnl, fees, reason);
		statistics.addTrade(pnl, netReturn, exitBar - entryBar);
	}

	/**
	 * Bars' equity on their way to the statistics, in order: either a stretch of marks or a count of
	 * bars unchanged (a flat account) is pending, never both, and each is handed over in one call.
	 */
	private static final class Pending {

		/** Bars unchanged that cost less as marks than as a hand-over of the marks before them. */
		private static final int SHORT_STRETCH = 16;

		private final Metrics.EquityStatistics statistics;
		private final double[] marks = new double[CancellationToken.CHECK_INTERVAL];
		/** Marks pending in {@link #marks}. */
		int count;
		private int unchanged;

		Pending(Metrics.EquityStatistics statistics) {
			this.statistics = statistics;
		}

		/**
		 * {@code bars} more bars at {@code equity}, the equity of the last one: a short stretch after marks
		 * joins them (the same figures as a count, and the marks go on in one hand-over instead of two),
		 * a longer one is counted.
		 */
		void unchanged(int bars, double equity) {
			if (bars <= 0) {
				return;
			}
			if (unchanged == 0 && count > 0 && bars <= SHORT_STRETCH && count + bars <= marks.length) {
				Arrays.fill(marks, count, count + bars, equity);
				count += bars;
			} else {
				handMarks();
				unchanged += bars;
			}
		}

		/**
		 * The buffer to write up to {@code bars} more marks into from {@link #count} on (then advanced by
		 * the caller): the bars unchanged handed first, the marks too when they would not fit.
		 *
		 * @param bars at most {@link CancellationToken#CHECK_INTERVAL}
		 */
		double[] room(int bars) {
			if (unchanged > 0) {
				statistics.addUnchanged(unchanged);
				unchanged = 0;
			}
			if (count + bars > marks.length) {
				handMarks();
			}
			return marks;
		}

		/** The next bar's equity. */
		void mark(double equity) {
			room(1)[count++] = equity;
		}

		/** Replaces the last bar's equity, which {@link #mark} or {@link #room} gave last. */
		void replaceLast(double equity) {
			marks[count - 1] = equity;
		}

		void finish() {
			handMarks();
			statistics.addUnchanged(unchanged);
		}

		private void handMarks() {
			statistics.addAll(marks, 0, count);
			count = 0;
		}
	}
}
