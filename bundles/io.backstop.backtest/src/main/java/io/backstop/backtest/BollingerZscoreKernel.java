package io.backstop.backtest;

import java.util.Objects;

import io.backstop.data.OhlcvSeries;

/**
 * The original application's Bollinger z-score sweep kernel, reproduced rule for rule so that
 * its users get the same numbers, on primitive arrays and without allocation per bar.
 *
 * <h2>Rules</h2>
 * <ul>
 * <li>Signal at bar {@code i >= period} (none before): mean and population standard deviation of
 * the {@code period} closes ending at bar {@code i}; if the deviation is above 1e-10,
 * {@code z = (close - mean) / deviation}; long if {@code z < -entryZ}, short if {@code z > entryZ}.</li>
 * <li>Flat with a signal: enter in its direction at {@code close x (1 + slip x dir)},
 * {@code slip = slippageBps / 10^4}.</li>
 * <li>In a position (never on its entry bar): exit on an opposite signal, or when a long's low
 * {@code <= entry x (1 - kSl/100)}, or a short's high {@code >= entry x (1 + kSl/100)}. The exit
 * fills at {@code close x (1 - slip x dir)}, not at the stop price. {@code r = (exit - entry) / entry}
 * (long) or {@code (entry - exit) / entry} (short); {@code net = r - 2 x feesBps / 10^4};
 * {@code pnl = net x notional}, the notional fixed by the sizing (below; the original's is
 * {@code leverage x capital}, no compounding). If that bar has a signal, re-enter at once in its
 * direction at the same close.</li>
 * <li>A position still open after the last bar is closed at the last close the same way.</li>
 * <li>The original's figures: total pnl, trades, win rate (pnl > 0), Sharpe <em>per trade</em> =
 * mean / population deviation of the per-trade net returns x sqrt(252) (0 with fewer than 2
 * trades or no variance), max drawdown in percent of the running peak (starting at the capital)
 * of equity after each <em>closed</em> trade; the forced close after the last bar counts in pnl,
 * trades, win rate and Sharpe but not in the drawdown. They are kept, under their own names
 * ({@link Result#sharpePerTrade()}, {@link Result#maxDrawdownClosedPct()}), for those who compare
 * with the original.</li>
 * <li>Every run also yields the {@link Metrics} every strategy has ({@link Result#metrics()}):
 * Sharpe, Sortino, volatility and drawdown of the equity marked to market at every close (the
 * open position valued as closed at that close, exit slippage and fees included), profit factor,
 * win rate, expectancy and average trade of the closed trades, CAGR, Calmar and exposure.</li>
 * </ul>
 *
 * <h2>Settings</h2>
 * <ul>
 * <li>Sizing. The original never compounds: every trade's notional comes from the settings, not
 * from the equity it has reached. {@link Sizing#EQUITY_FRACTION} {@code v}: notional
 * {@code leverage x v x initial capital} (the original's at {@code v = 1}; read as a fraction of
 * the <em>initial</em> capital, unlike the {@link Simulator}, under both ruin modes, so that a run
 * under {@link Ruin#STOP} trades exactly as under {@link Ruin#CONTINUE} until its ruin);
 * {@link Sizing#FIXED_NOTIONAL} {@code v}: notional {@code leverage x v};
 * {@link Sizing#FIXED_QUANTITY} {@code v}: {@code leverage x v} units, a notional of that times
 * the entry fill.</li>
 * <li>No shorts: a short signal opens nothing; it still closes a long (the opposite signal is the
 * kernel's exit rule), which is then not reversed.</li>
 * <li>Ruin. Under {@link Ruin#STOP}, once the bar's exits and entries are done, equity marked at
 * the close (realised equity plus the open position closed at that close) at or below zero ruins
 * the run at that bar: an open position closes there ({@link ExitReason#RUIN}), equity is floored
 * at 0 (so the drawdown reaches 100 % and the return -100 %), nothing trades after it, and
 * {@link Result#ruinBar()} names the bar; the per-trade figures are those of the trades up to it.
 * Under {@link Ruin#CONTINUE} the original's figures, bit for bit, whatever the equity.</li>
 * </ul>
 *
 * <h2>Use in a sweep</h2>
 * The rolling mean and deviation depend only on the period, so a sweep prepares them once per
 * period with {@link #prepare(double[], int)} and shares the immutable {@link Prepared} between
 * every combination of that period, on any number of threads:
 *
 * <pre>{@code
 * Prepared[] byPeriod = ...; // BollingerZscoreKernel.prepare(close, period) once per bb_period
 * for (combo : grid) {
 *     Result r = BollingerZscoreKernel.run(close, low, high, time, byPeriod[k], combo.entryZ, combo.kSl,
 *             combo.leverage, settings, cancel);
 * }
 * }</pre>
 *
 * {@link #run} allocates nothing per bar (a small bookkeeping object and a {@link Result} per call) and polls
 * {@code cancel} before the first bar and then every {@link CancellationToken#CHECK_INTERVAL}
 * bars. {@link #runDetailed} does the same work and also records the trades and a per-bar
 * equity curve, for a single backtest shown in the UI; both give identical numbers.
 */
public final class BollingerZscoreKernel {

	/** Deviation at or below which a bar has no signal. */
	public static final double MIN_DEVIATION = 1e-10;

	/**
	 * Bars between two recomputations of the window's sums about its mean: bounds rounding drift.
	 * A power of two dividing {@link CancellationToken#CHECK_INTERVAL}, so that the stop is polled
	 * at a recomputation.
	 */
	private static final int RECOMPUTE = 16;

	/** Relative variance below which a window is recomputed exactly (variance below 1e-12 x mean^2). */
	private static final double NEAR_FLAT = 1e-12;

	private BollingerZscoreKernel() {
	}

	/**
	 * Rolling statistics for one period, computed once and shared read-only between every
	 * combination (and thread) using that period. The arrays are not copied: treat them as
	 * read-only. About 24 bytes per bar ({@link #sizeBytes()}).
	 *
	 * @param period the window length ({@code bb_period})
	 * @param mean   mean of the {@code period} closes ending at each bar (NaN before bar {@code period - 1})
	 * @param std    population standard deviation of the same window (NaN before bar {@code period - 1})
	 * @param z      {@code (close - mean) / std} from bar {@code period} on where {@code std > 1e-10};
	 *               NaN elsewhere (NaN compares false both ways: no signal)
	 */
	public record Prepared(int period, double[] mean, double[] std, double[] z) {

		public Prepared {
			Objects.requireNonNull(z, "z");
		}

		/** Bars covered. */
		public int length() {
			return z.length;
		}

		/**
		 * These statistics with no signal (z NaN) on the bars of {@code series} that are not
		 * {@link OhlcvSeries#tradable(int) tradable}: neither an entry nor a signal exit fills there; a
		 * stop still does. Itself when every bar is tradable.
		 */
		public Prepared untradableSilenced(OhlcvSeries series) {
			if (series.untradableBars() == 0) {
				return this;
			}
			double[] silenced = z.clone();
			for (int i = 0; i < silenced.length; i++) {
				if (!series.tradable(i)) {
					silenced[i] = Double.NaN;
				}
			}
			return new Prepared(period, mean, std, silenced);
		}

		/** Memory held by the arrays. */
		public long sizeBytes() {
			return 8L * (mean.length + std.length + z.length) + 64;
		}
	}

	/**
	 * Figures of one run of the kernel.
	 *
	 * @param finalEquity    capital plus every closed trade's pnl
	 * @param totalPnl       finalEquity - capital
	 * @param trades         closed trades, the forced close after the last bar included
	 * @param wins           trades with pnl > 0
	 * @param winRate        wins / trades (0 without trades)
	 * @param sharpePerTrade       the original's Sharpe: mean / population deviation of per-trade net returns x sqrt(252)
	 * @param maxDrawdownClosedPct the original's drawdown: deepest fall below the running peak of equity
	 *                             after closed trades, in percent
	 * @param metrics              the figures every strategy has, from the equity marked at every close up to the
	 *                             ruin bar (when ruined) and the closed trades
	 * @param cancelled            the token stopped the run; no forced close happened then
	 * @param barsProcessed        bars evaluated (all of them when ruined: the account stays empty to the end)
	 * @param ruinBar              the bar at which the run was ruined under {@link Ruin#STOP}, -1 when it was not
	 */
	public record Result(double finalEquity, double totalPnl, int trades, int wins, double winRate,
			double sharpePerTrade, double maxDrawdownClosedPct, Metrics metrics, boolean cancelled, int barsProcessed,
			int ruinBar) {

		public boolean ruined() {
			return ruinBar >= 0;
		}
	}

	/**
	 * One parameter combination of the kernel.
	 *
	 * @param bbPeriod rolling window
	 * @param entryZ   entry threshold
	 * @param kSl      stop distance in percent of the entry price
	 * @param leverage notional = leverage x capital
	 */
	public record Combo(int bbPeriod, double entryZ, double kSl, double leverage) {
	}

	/**
	 * The original application's reference grid, 270 combinations in period-major order:
	 * bb_period 10..50 step 5, entry_z 1.0..3.0 step 0.5, k_sl 0.5, 1, 1.5, 2, 3, 4;
	 * leverage 1 (run with capital 10,000, fees 10 bps, slippage 5 bps, under {@link Ruin#CONTINUE}:
	 * {@link #REFERENCE_SETTINGS}).
	 */
	public static java.util.List<Combo> referenceGrid() {
		java.util.List<Combo> grid = new java.util.ArrayList<>(270);
		double[] kSls = { 0.5, 1, 1.5, 2, 3, 4 };
		for (int period = 10; period <= 50; period += 5) {
			for (int z = 0; z <= 4; z++) {
				for (double kSl : kSls) {
					grid.add(new Combo(period, 1.0 + 0.5 * z, kSl, 1.0));
				}
			}
		}
		return java.util.List.copyOf(grid);
	}

	/**
	 * Capital 10,000, fees 10 bps, slippage 5 bps, the original's sizing, trading on below zero:
	 * the settings under which the original application's figures are reproduced.
	 */
	public static final RunSettings REFERENCE_SETTINGS = RunSettings.of(10_000, 10, 5).withRuin(Ruin.CONTINUE);

	/**
	 * Receives trades from {@link #runDetailed}: side +1/-1, bars, fill prices, the notional the
	 * net return was paid on (fees are {@code 2 x feesBps / 10^4} of it), net return, pnl, reason.
	 */
	@FunctionalInterface
	public interface TradeSink {
		void trade(int side, int entryBar, int exitBar, double entryPrice, double exitPrice, double notional,
				double netReturn, double pnl, ExitReason reason);
	}

	/**
	 * Computes the rolling mean, population deviation and z-score of {@code close} for one period.
	 * O(n): running sums of the closes' offsets from an anchor, re-anchored on the window's mean
	 * every 16 bars (in one pass over the window) so the offsets stay small and rounding cannot
	 * drift; nearly flat windows (deviation below 1e-6 of the mean) are always computed exactly,
	 * so a window of equal closes has a deviation of exactly 0 and no signal.
	 *
	 * @param period {@code >= 1}
	 */
	public static Prepared prepare(double[] close, int period) {
		return prepare(close, period, CancellationToken.NONE);
	}

	private static void pollPreparation(CancellationToken cancel) {
		if (cancel.isCancelled()) {
			throw new java.util.concurrent.CancellationException("preparation cancelled");
		}
	}

	/**
	 * {@link #prepare(double[], int)} polling {@code cancel} every
	 * {@link CancellationToken#CHECK_INTERVAL} bars.
	 *
	 * @throws java.util.concurrent.CancellationException once {@code cancel} is cancelled
	 */
	public static Prepared prepare(double[] close, int period, CancellationToken cancel) {
		pollPreparation(cancel);
		if (period < 1) {
			throw new IllegalArgumentException("period must be at least 1: " + period);
		}
		int n = close.length;
		// each array of a long series costs milliseconds to allocate (fresh pages): the stop is polled between them
		double[] mean = new double[n];
		pollPreparation(cancel);
		double[] std = new double[n];
		pollPreparation(cancel);
		double[] z = new double[n];
		pollPreparation(cancel);
		java.util.Arrays.fill(mean, 0, Math.min(n, period - 1), Double.NaN);
		java.util.Arrays.fill(std, 0, Math.min(n, period - 1), Double.NaN);
		java.util.Arrays.fill(z, 0, Math.min(n, period), Double.NaN);
		double anchor = n >= period ? close[period - 1] : 0;
		double s1 = 0;
		double s2 = 0;
		for (int i = period - 1; i < n; i++) {
			int first = i - period + 1;
			if ((first & (RECOMPUTE - 1)) == 0) {
				if ((first & (CancellationToken.CHECK_INTERVAL - 1)) == 0) {
					pollPreparation(cancel);
				}
				// one pass: the window's sums anew about the mean known so far; the offsets stay small
				anchor += s1 / period;
				s1 = 0;
				s2 = 0;
				for (int k = first; k <= i; k++) {
					double d = close[k] - anchor;
					s1 += d;
					s2 += d * d;
				}
			} else {
				double in = close[i] - anchor;
				double out = close[first - 1] - anchor;
				s1 += in - out;
				s2 += in * in - out * out;
			}
			double m = s1 / period;
			double mu = anchor + m;
			double var = s2 / period - m * m;
			if (!(var > NEAR_FLAT * mu * mu)) {
				// nearly flat window: compute it exactly as the original does, so equal closes give 0
				double sum = 0;
				for (int k = first; k <= i; k++) {
					sum += close[k];
				}
				mu = sum / period;
				double sq = 0;
				for (int k = first; k <= i; k++) {
					double d = close[k] - mu;
					sq += d * d;
				}
				var = sq / period;
			}
			double sd = var > 0 ? Math.sqrt(var) : 0;
			mean[i] = mu;
			std[i] = sd;
			if (i >= period) {
				z[i] = sd > MIN_DEVIATION ? (close[i] - mu) / sd : Double.NaN;
			}
		}
		return new Prepared(period, mean, std, z);
	}

	/**
	 * {@link #prepare(double[], int)} for each distinct period, in the order given; for a sweep
	 * that prepares everything up front (each entry can also be prepared lazily, or on several
	 * threads, since preparations are independent).
	 */
	public static java.util.Map<Integer, Prepared> prepareAll(double[] close, int... periods) {
		java.util.Map<Integer, Prepared> byPeriod = new java.util.LinkedHashMap<>();
		for (int period : periods) {
			byPeriod.computeIfAbsent(period, p -> prepare(close, p));
		}
		return byPeriod;
	}

	/**
	 * Runs the kernel for one combination. Allocation-free per bar (one small bookkeeping object
	 * and one {@link Result} per call).
	 *
	 * @param close    closes (same length as {@code prepared})
	 * @param low      lows
	 * @param high     highs
	 * @param time     bar times (epoch millis), for annualising the figures; may be null (252 bars a year)
	 * @param prepared the period's statistics from {@link #prepare(double[], int)}
	 * @param entryZ   entry threshold ({@code entry_z})
	 * @param kSl      stop distance in percent of the entry price ({@code k_sl})
	 * @param leverage multiplies the size the settings give (see the class description)
	 * @param settings capital, fees, slippage, sizing, shorts and ruin
	 * @param cancel   polled every {@link CancellationToken#CHECK_INTERVAL} bars
	 */
	public static Result run(double[] close, double[] low, double[] high, long[] time, Prepared prepared,
			double entryZ, double kSl, double leverage, RunSettings settings, CancellationToken cancel) {
		return run(close, low, high, time, prepared, entryZ, kSl, leverage, settings, cancel, null);
	}

	/**
	 * {@link #run(double[], double[], double[], long[], Prepared, double, double, double, RunSettings, CancellationToken)}
	 * that also hands each closed trade to {@code trades}, in order, as {@link #runDetailed} does: the
	 * same trades and {@link Result}, without the equity curve and at the speed of a sweep's run.
	 *
	 * @param trades receives each closed trade, or null
	 */
	public static Result run(double[] close, double[] low, double[] high, long[] time, Prepared prepared,
			double entryZ, double kSl, double leverage, RunSettings settings, CancellationToken cancel,
			TradeSink trades) {
		final double[] z = prepared.z();
		final int n = close.length;
		if (z.length != n || low.length != n || high.length != n) {
			throw new IllegalArgumentException("arrays differ in length");
		}
		final Book book = new Book(settings, leverage);
		final double fee2 = book.fee2;
		final double up = entryZ;
		final double down = -entryZ;
		final double shortEntry = settings.allowShort() ? up : Double.POSITIVE_INFINITY;
		final boolean stopAtRuin = settings.ruin() == Ruin.STOP;
		final double stopLongFactor = 1 - kSl / 100;
		final double stopShortFactor = 1 + kSl / 100;
		final double buy = 1 + book.slip;
		final double sell = 1 - book.slip;

		int pos = 0;
		int entryBar = 0;
		double entry = 0;
		double stop = 0;
		double unit = 0;
		// a close at or beyond which the position's mark may have ruined the account (checked exactly there)
		double ruinPrice = 0;
		int ruinBar = -1;
		boolean cancelled = false;

		int i = 0;
		scan: while (i < n) {
			if (cancel.isCancelled()) {
				cancelled = true;
				break;
			}
			final int end = Math.min(n, i + CancellationToken.CHECK_INTERVAL);
			while (i < end) {
				if (pos == 0) {
					// flat: scan for the next signal
					int from = i;
					for (; i < end; i++) {
						double zi = z[i];
						if (zi < down) {
							pos = 1;
							break;
						}
						if (zi > shortEntry) {
							pos = -1;
							break;
						}
					}
					book.flat(i - from);
					if (i < end) {
						double c = close[i];
						entry = c * (pos == 1 ? buy : sell);
						stop = entry * (pos == 1 ? stopLongFactor : stopShortFactor);
						unit = book.unit(entry);
						entryBar = i;
						if (stopAtRuin && book.ruinedByMark(pos, entry, c, unit)) {
							book.close(trades, pos, i, i, entry, c, unit, ExitReason.RUIN);
							book.markDrawdown();
							book.bar(book.equity);
							ruinBar = i;
							break scan;
						}
						ruinPrice = book.ruinPrice(pos, entry, unit);
						book.bar(book.marked(pos, entry, c, unit));
						i++; // past the entry bar: no exit on it
					}
				} else {
					// find the bar that ends the hold, then mark the bars held in one stretch
					int from = i;
					if (pos == 1) {
						while (i < end && !(z[i] > up || low[i] <= stop || close[i] <= ruinPrice)) {
							i++;
						}
					} else {
						while (i < end && !(z[i] < down || high[i] >= stop || close[i] >= ruinPrice)) {
							i++;
						}
					}
					book.held(close, from, i, pos, entry, unit);
					if (i < end) {
						double c = close[i];
						double zi = z[i];
						boolean exits = pos == 1 ? zi > up || low[i] <= stop : zi < down || high[i] >= stop;
						if (exits) {
							book.close(trades, pos, entryBar, i, entry, c, unit,
									(pos == 1 ? zi > up : zi < down) ? ExitReason.SIGNAL : ExitReason.STOP_LOSS);
							book.markDrawdown();
							if (stopAtRuin && book.equity <= 0) {
								book.bar(book.equity);
								ruinBar = i;
								break scan;
							}
							// re-enter at once on this bar's signal
							if (zi < down) {
								pos = 1;
							} else if (zi > shortEntry) {
								pos = -1;
							} else {
								pos = 0;
							}
							if (pos != 0) {
								entry = c * (pos == 1 ? buy : sell);
								stop = entry * (pos == 1 ? stopLongFactor : stopShortFactor);
								unit = book.unit(entry);
								entryBar = i;
								if (stopAtRuin && book.ruinedByMark(pos, entry, c, unit)) {
									book.close(trades, pos, i, i, entry, c, unit, ExitReason.RUIN);
									book.markDrawdown();
									book.bar(book.equity);
									ruinBar = i;
									break scan;
								}
								ruinPrice = book.ruinPrice(pos, entry, unit);
								book.bar(book.marked(pos, entry, c, unit));
							} else {
								book.bar(book.equity);
							}
						} else if (book.ruinedByMark(pos, entry, c, unit)) {
							book.close(trades, pos, entryBar, i, entry, c, unit, ExitReason.RUIN);
							book.markDrawdown();
							book.bar(book.equity);
							ruinBar = i;
							break scan;
						} else {
							book.bar(book.marked(pos, entry, c, unit));
						}
						i++;
					}
				}
			}
		}
		if (ruinBar >= 0) {
			return book.result(false, n, ruinBar, time);
		}
		if (!cancelled && pos != 0 && n > 0) {
			book.close(trades, pos, entryBar, n - 1, entry, close[n - 1], unit, ExitReason.END_OF_DATA);
		}
		return book.result(cancelled, Math.min(i, n), -1, time);
	}

	/**
	 * Same as {@link #run} but records every trade and the equity after each bar. Equity here is
	 * marked to market at each close (realised equity plus the open position's value at an exit
	 * at that close), so the curve the UI draws moves with open positions; on bars where the
	 * account is flat it equals the kernel's realised equity. From a ruin bar on, the curve is 0.
	 * The returned {@link Result} is identical to {@link #run}'s.
	 *
	 * @param equityOut receives equity per bar (length {@code >= close.length}), or null
	 * @param trades    receives each closed trade in order, or null
	 */
	public static Result runDetailed(double[] close, double[] low, double[] high, long[] time, Prepared prepared,
			double entryZ, double kSl, double leverage, RunSettings settings, CancellationToken cancel,
			double[] equityOut, TradeSink trades) {
		final double[] z = prepared.z();
		final int n = close.length;
		if (z.length != n || low.length != n || high.length != n) {
			throw new IllegalArgumentException("arrays differ in length");
		}
		final Book book = new Book(settings, leverage);
		final boolean allowShort = settings.allowShort();
		final boolean stopAtRuin = settings.ruin() == Ruin.STOP;
		final double slip = book.slip;
		int pos = 0;
		int entryBar = -1;
		double entry = 0;
		double unit = 0;
		boolean cancelled = false;
		int i = 0;
		for (; i < n; i++) {
			if (i % CancellationToken.CHECK_INTERVAL == 0 && cancel.isCancelled()) {
				cancelled = true;
				break;
			}
			double zi = z[i];
			int sig = zi < -entryZ ? 1 : zi > entryZ ? -1 : 0;
			double c = close[i];
			boolean flatAllBar = pos == 0;
			if (pos != 0) {
				boolean stopHit = pos == 1 ? low[i] <= entry * (1 - kSl / 100) : high[i] >= entry * (1 + kSl / 100);
				if (sig == -pos || stopHit) {
					book.close(trades, pos, entryBar, i, entry, c, unit,
							sig == -pos ? ExitReason.SIGNAL : ExitReason.STOP_LOSS);
					book.markDrawdown();
					pos = 0;
					if (stopAtRuin && book.equity <= 0) {
						return ruined(book, i, n, equityOut, time);
					}
				}
			}
			if (pos == 0 && (sig > 0 || sig < 0 && allowShort)) {
				pos = sig;
				entry = c * (1 + slip * sig);
				entryBar = i;
				unit = book.unit(entry);
			}
			if (stopAtRuin && pos != 0 && book.ruinedByMark(pos, entry, c, unit)) {
				book.close(trades, pos, entryBar, i, entry, c, unit, ExitReason.RUIN);
				book.markDrawdown();
				return ruined(book, i, n, equityOut, time);
			}
			double marked = pos == 0 ? book.equity : book.marked(pos, entry, c, unit);
			if (flatAllBar && pos == 0) {
				book.flat(1);
			} else {
				book.bar(marked);
			}
			if (equityOut != null) {
				equityOut[i] = marked;
			}
		}
		if (!cancelled && pos != 0 && n > 0) {
			book.close(trades, pos, entryBar, n - 1, entry, close[n - 1], unit, ExitReason.END_OF_DATA);
			if (equityOut != null) {
				equityOut[n - 1] = book.equity;
			}
		}
		return book.result(cancelled, i, -1, time);
	}

	private static Result ruined(Book book, int bar, int n, double[] equityOut, long[] time) {
		book.bar(book.equity);
		if (equityOut != null) {
			java.util.Arrays.fill(equityOut, bar, n, 0.0);
		}
		return book.result(false, n, bar, time);
	}

	/**
	 * The account of one run: realised equity, its running peak and drawdown after closed trades,
	 * and the per-trade statistics, updated in the original's order so both runs give identical
	 * numbers; and the {@link Metrics} of the marked equity, fed in the same calls by both runs
	 * (stretches of flat bars as one call) so that their figures are identical too.
	 */
	private static final class Book {

		final double capital;
		final double leverage;
		final double slip;
		final double fee2;
		/** The size multiplied by the leverage: a notional, or a quantity when {@link #perUnitOfPrice}. */
		final double sizeBase;
		final boolean perUnitOfPrice;
		/** Under {@link Ruin#STOP}: equity is floored at 0, the ruin. */
		final boolean floorAtZero;
		double equity;
		double peak;
		double maxDd;
		int trades;
		int wins;
		double mean;
		double m2;
		final Metrics.EquityStatistics figures;
		/** Flat bars not yet handed to {@link #figures}: a stretch of them is added in one call. */
		int flatBars;
		/**
		 * Marked equity of bars not yet handed to {@link #figures}; at most one of these and
		 * {@link #flatBars} is pending at a time, so the bars reach the figures in order.
		 */
		final double[] marks = new double[CancellationToken.CHECK_INTERVAL];
		int markCount;

		Book(RunSettings settings, double leverage) {
			this.capital = settings.initialCapital();
			this.leverage = leverage;
			this.slip = settings.slippageBps() / 10000.0;
			this.fee2 = 2 * settings.feesBps() / 10000.0;
			this.sizeBase = switch (settings.sizing()) {
			case EQUITY_FRACTION -> capital * settings.sizingValue();
			case FIXED_NOTIONAL, FIXED_QUANTITY -> settings.sizingValue();
			};
			this.perUnitOfPrice = settings.sizing() == Sizing.FIXED_QUANTITY;
			this.floorAtZero = settings.ruin() == Ruin.STOP;
			this.equity = capital;
			this.peak = capital;
			this.figures = new Metrics.EquityStatistics(capital);
		}

		/** {@code count} more bars without a position: equity unchanged. */
		void flat(int count) {
			if (count > 0) {
				handMarks();
				flatBars += count;
			}
		}

		/** The next bar's marked equity. */
		void bar(double markedEquity) {
			handFlatBars();
			if (markCount == marks.length) {
				handMarks();
			}
			marks[markCount++] = markedEquity;
		}

		/**
		 * Bars {@code from .. to - 1} held in a position of side {@code pos} entered at {@code entry}:
		 * each marked at its close, exactly as {@link #marked} does, in a loop without a call or a
		 * branch.
		 */
		void held(double[] close, int from, int to, int pos, double entry, double unit) {
			handFlatBars();
			double exitFactor = 1 - slip * pos;
			while (from < to) {
				if (markCount == marks.length) {
					handMarks();
				}
				int stretch = Math.min(to - from, marks.length - markCount);
				for (int k = 0; k < stretch; k++) {
					marks[markCount + k] = equity
							+ (pos * ((close[from + k] * exitFactor - entry) / entry) - fee2) * leverage * unit;
				}
				markCount += stretch;
				from += stretch;
			}
		}

		private void handFlatBars() {
			if (flatBars > 0) {
				figures.addUnchanged(flatBars);
				flatBars = 0;
			}
		}

		private void handMarks() {
			figures.addAll(marks, 0, markCount);
			markCount = 0;
		}

		/** Equity with the position closed at close {@code c}. */
		double marked(int pos, double entry, double c, double unit) {
			return equity + net(pos, entry, c) * leverage * unit;
		}

		/** What {@code net x leverage} is paid on for a position entered at {@code entry}. */
		double unit(double entry) {
			return perUnitOfPrice ? sizeBase * entry : sizeBase;
		}

		/** Net return of a position of side {@code pos} entered at {@code entry} and closed at close {@code c}. */
		double net(int pos, double entry, double c) {
			// for a short, -((exit - entry) / entry) is (entry - exit) / entry to the last bit
			double exit = c * (1 - slip * pos);
			return pos * ((exit - entry) / entry) - fee2;
		}

		/** Whether closing the position at close {@code c} leaves no equity. */
		boolean ruinedByMark(int pos, double entry, double c, double unit) {
			return equity + net(pos, entry, c) * leverage * unit <= 0;
		}

		/**
		 * A close a little beyond which the position's mark could reach zero equity: at or below it
		 * for a long, at or above it for a short. A bar past it is checked with {@link #ruinedByMark}.
		 * Under {@link Ruin#CONTINUE} no close is.
		 */
		double ruinPrice(int pos, double entry, double unit) {
			if (!floorAtZero) {
				return pos == 1 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
			}
			double lossAllowed = equity / (leverage * unit);
			return pos == 1 ? entry * (1 + fee2 - lossAllowed) / (1 - slip) * (1 + 1e-9)
					: entry * (1 - fee2 + lossAllowed) / (1 + slip) * (1 - 1e-9);
		}

		/**
		 * Books the position of side {@code pos} entered at {@code entry} on bar {@code entryBar} and closed
		 * at close {@code c} on bar {@code exitBar}, and hands it to {@code trades} unless that is null.
		 */
		void close(TradeSink trades, int pos, int entryBar, int exitBar, double entry, double c, double unit,
				ExitReason reason) {
			double net = net(pos, entry, c);
			double pnl = settle(net, unit, exitBar - entryBar);
			if (trades != null) {
				trades.trade(pos, entryBar, exitBar, entry, c * (1 - slip * pos), leverage * unit, net, pnl, reason);
			}
		}

		/** Books a closed trade held {@code held} bars; returns its pnl. */
		double settle(double net, double unit, int held) {
			double pnl = net * leverage * unit;
			figures.addTrade(pnl, net, held);
			equity += pnl;
			if (floorAtZero && equity < 0) {
				equity = 0;
			}
			trades++;
			if (pnl > 0) {
				wins++;
			}
			double delta = net - mean;
			mean += delta / trades;
			m2 += delta * (net - mean);
			return pnl;
		}

		void markDrawdown() {
			if (equity > peak) {
				peak = equity;
			}
			double dd = (peak - equity) / peak * 100;
			if (dd > maxDd) {
				maxDd = dd;
			}
		}

		Result result(boolean cancelled, int processed, int ruinBar, long[] time) {
			handMarks();
			handFlatBars();
			double sd = trades > 0 ? Math.sqrt(m2 / trades) : 0;
			double sharpe = trades >= 2 && sd > 0 ? mean / sd * Math.sqrt(252) : 0;
			return new Result(equity, equity - capital, trades, wins, trades == 0 ? 0 : (double) wins / trades, sharpe,
					maxDd, figures.metrics(time), cancelled, processed, ruinBar);
		}
	}
}
