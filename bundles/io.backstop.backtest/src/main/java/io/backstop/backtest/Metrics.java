package io.backstop.backtest;

import java.util.List;

/**
 * Performance figures of a run, one definition each, the same for every strategy. Ratios and
 * returns are fractions here (0.12 = 12%); files and tables show them in percent under names
 * ending in {@code _pct}. Every figure is a finite number.
 * <p>
 * Figures of the equity <em>marked to market at every bar's close</em> (an open position valued
 * as if closed at that close, exit slippage and fees included): total return, CAGR, Sharpe,
 * Sortino, volatility, max drawdown and its duration, Calmar. Figures of the closed trades: win
 * rate, profit factor, expectancy, average trade, trade count and duration. Exposure counts bars
 * held by closed trades.
 * <p>
 * A run ruined under {@link Ruin#STOP} is measured on its equity up to and including the ruin
 * bar (equity 0 there): a total return of -100 %, a max drawdown of 100 %, a CAGR of -100 %,
 * and Sharpe, Sortino and volatility of the per-bar returns up to that bar.
 * <p>
 * Per-bar figures use the simple returns of the equity curve, {@code e[t] / e[t-1] - 1} (the
 * first from the initial capital), and are annualised with {@code periodsPerYear} (365.25 days
 * of bars of the series' typical spacing: markets traded around the clock; 252 when the spacing
 * is unknown). The risk-free rate is 0.
 *
 * @param finalEquity            equity after the last processed bar
 * @param totalPnl               final equity minus initial capital
 * @param totalReturn            final / initial - 1
 * @param cagr                   compound annual growth over the span of the processed bars (0 when the span is
 *                               0; -1 when equity is gone)
 * @param sharpe                 mean / sample standard deviation of per-bar returns x sqrt(periodsPerYear)
 * @param sortino                mean per-bar return / downside deviation (root mean square of the negative
 *                               returns over all bars) x sqrt(periodsPerYear)
 * @param calmar                 cagr / maxDrawdown (0 without drawdown)
 * @param maxDrawdown            deepest fall of the marked equity below its running peak (starting at the
 *                               initial capital), as a fraction of that peak
 * @param maxDrawdownDurationBars longest stretch, in bars, from a peak until equity regained it (or the last bar)
 * @param volatility             sample standard deviation of per-bar returns x sqrt(periodsPerYear)
 * @param winRate                share of trades with pnl > 0 (0 without trades)
 * @param profitFactor           gross profit / gross loss, at most {@value #PROFIT_FACTOR_CAP}: the cap is what a run
 *                               with profit and no losing trade shows (0 without trades, or without profit)
 * @param expectancy             mean pnl per trade in account currency (0 without trades)
 * @param averageTrade           mean net return per trade on its entry notional, fees included (0 without trades)
 * @param exposure               bars held by the closed trades (exit bar - entry bar each) / bars measured
 * @param tradeCount             closed trades
 * @param avgTradeDurationBars   mean bars held per trade
 * @param periodsPerYear         the annualisation factor used
 */
public record Metrics(double finalEquity, double totalPnl, double totalReturn, double cagr, double sharpe,
		double sortino, double calmar, double maxDrawdown, int maxDrawdownDurationBars, double volatility,
		double winRate, double profitFactor, double expectancy, double averageTrade, double exposure, int tradeCount,
		double avgTradeDurationBars, double periodsPerYear) {

	static final double YEAR_MILLIS = 365.25 * 24 * 3600 * 1000;

	/**
	 * The highest profit factor reported: a run with gains and no losing trade has no finite
	 * ratio, and shows this instead so that it ranks above every run with a loss.
	 */
	public static final double PROFIT_FACTOR_CAP = 1000;

	/**
	 * Computes the metrics.
	 *
	 * @param equity         per-bar equity marked to market; only the first {@code bars} values are read
	 * @param bars           bars processed
	 * @param timestamps     bar times (epoch millis), for CAGR and annualisation; may be null
	 * @param trades         closed trades
	 * @param initialCapital starting equity
	 */
	public static Metrics compute(double[] equity, int bars, long[] timestamps, List<Trade> trades,
			double initialCapital) {
		EquityStatistics statistics = new EquityStatistics(initialCapital);
		statistics.addAll(equity, 0, bars);
		for (Trade trade : trades) {
			statistics.addTrade(trade.pnl(), trade.netReturn(), trade.durationBars());
		}
		return statistics.metrics(timestamps);
	}

	/**
	 * The figures of an equity curve fed one bar at a time and of trades fed one at a time, so
	 * that a run whose curve and trades nobody keeps (a sweep's combination) needs no per-bar or
	 * per-trade storage; {@link Metrics#compute} feeds it from them.
	 */
	static final class EquityStatistics {

		private final double initialCapital;
		private int bars;
		/** Sums of the per-bar returns and of their squares: one addition each per bar, no division on the loop's path. */
		private double sum;
		private double sumSq;
		private double downSq;
		/*
		 * The drawdown: the running peak, its bar, the lowest equity since it and the last bar below
		 * it; maxDd and longest hold the deepest and longest of the drawdowns already recovered. A
		 * drawdown's depth is measured once, at its trough, when it ends (or when the figures are
		 * read): (peak - e) / peak only falls as e rises, so that is the deepest of its bars' depths,
		 * to the last bit, for one division per drawdown instead of one per bar.
		 */
		private double peak;
		private int peakBar = -1;
		private double trough;
		private int lastBelow = -1;
		private double maxDd;
		private int longest;
		private double last;
		private int trades;
		private int wins;
		private double grossProfit;
		private double grossLoss;
		private double pnlSum;
		private double returnSum;
		private long heldBars;

		EquityStatistics(double initialCapital) {
			this.initialCapital = initialCapital;
			this.peak = initialCapital;
			this.trough = initialCapital;
			this.last = initialCapital;
		}

		/**
		 * The equity after each of the next {@code to - from} bars, {@code equity[from .. to - 1]}. The
		 * running figures stay in local variables for the whole stretch: stored back to fields after
		 * every bar, they made a loop-carried chain through memory that halved a backtest's speed.
		 */
		void addAll(double[] equity, int from, int to) {
			int t = bars;
			double sum = this.sum;
			double sumSq = this.sumSq;
			double downSq = this.downSq;
			double peak = this.peak;
			int peakBar = this.peakBar;
			double trough = this.trough;
			int lastBelow = this.lastBelow;
			double maxDd = this.maxDd;
			int longest = this.longest;
			double last = this.last;
			for (int k = from; k < to; k++, t++) {
				double e = equity[k];
				// per-bar returns, starting from the initial capital
				double r = last != 0 ? e / last - 1 : 0;
				sum += r;
				sumSq += r * r;
				// without a branch: losses and gains alternate at random, which a branch predicts half the time
				double loss = Math.min(r, 0);
				downSq += loss * loss;
				last = e;
				if (e >= peak) {
					maxDd = deeper(maxDd, peak, trough);
					longest = Math.max(longest, lastBelow - peakBar);
					peak = e;
					peakBar = t;
					trough = e;
				} else {
					if (e < trough) {
						trough = e;
					}
					lastBelow = t;
				}
			}
			this.bars = t;
			this.sum = sum;
			this.sumSq = sumSq;
			this.downSq = downSq;
			this.peak = peak;
			this.peakBar = peakBar;
			this.trough = trough;
			this.lastBelow = lastBelow;
			this.maxDd = maxDd;
			this.longest = longest;
			this.last = last;
		}

		/** The deeper of {@code maxDd} and the drawdown from {@code peak} to {@code trough}. */
		private static double deeper(double maxDd, double peak, double trough) {
			return Math.max(maxDd, (peak - trough) / peak);
		}

		/**
		 * {@code count} more bars at the last equity (a flat account): exactly the figures of that
		 * many bars of it in {@link #addAll} (zero returns), in constant time.
		 */
		void addUnchanged(int count) {
			if (count <= 0) {
				return;
			}
			bars += count;
			int t = bars - 1;
			if (last >= peak) {
				maxDd = deeper(maxDd, peak, trough);
				longest = Math.max(longest, lastBelow - peakBar);
				peak = last;
				peakBar = t;
				trough = last;
			} else {
				lastBelow = t;
			}
		}

		/** A closed trade: its pnl, its net return on the entry notional and the bars it was held. */
		void addTrade(double pnl, double netReturn, int held) {
			trades++;
			pnlSum += pnl;
			returnSum += netReturn;
			heldBars += held;
			// without a branch: wins and losses alternate at random; adding 0 leaves either sum as it is
			wins += pnl > 0 ? 1 : 0;
			grossProfit += Math.max(pnl, 0);
			grossLoss -= Math.min(pnl, 0);
		}

		/** @param timestamps bar times (epoch millis), for CAGR and annualisation; may be null */
		Metrics metrics(long[] timestamps) {
			double finalEquity = last;
			double periodsPerYear = 252;
			double years = 0;
			if (timestamps != null && bars >= 2) {
				long span = timestamps[bars - 1] - timestamps[0];
				double interval = (double) span / (bars - 1);
				if (interval > 0) {
					periodsPerYear = YEAR_MILLIS / interval;
					years = span / YEAR_MILLIS;
				}
			}
			double mean = bars > 0 ? sum / bars : 0;
			// what is left of the squares after the mean's share; a rounding residue of equal returns counts as none
			double spread = sumSq - sum * mean;
			double sd = bars >= 2 && spread > 1e-12 * sumSq ? Math.sqrt(spread / (bars - 1)) : 0;
			double annual = Math.sqrt(periodsPerYear);
			double sharpe = sd > 0 ? mean / sd * annual : 0;
			double downside = bars > 0 ? Math.sqrt(downSq / bars) : 0;
			double sortino = downside > 0 ? mean / downside * annual : 0;
			double totalReturn = finalEquity / initialCapital - 1;
			double cagr;
			if (finalEquity <= 0) {
				cagr = -1;
			} else if (years > 0) {
				cagr = Math.pow(finalEquity / initialCapital, 1 / years) - 1;
			} else {
				cagr = 0;
			}
			double maxDd = deeper(this.maxDd, peak, trough);
			int longest = Math.max(this.longest, lastBelow - peakBar);
			double calmar = maxDd > 0 ? cagr / maxDd : 0;
			int n = trades;
			double profitFactor = grossProfit == 0 ? 0
					: grossLoss > 0 ? Math.min(PROFIT_FACTOR_CAP, grossProfit / grossLoss) : PROFIT_FACTOR_CAP;
			return new Metrics(finalEquity, finalEquity - initialCapital, totalReturn, cagr, sharpe, sortino, calmar,
					maxDd, longest, sd * annual, n == 0 ? 0 : (double) wins / n, profitFactor, n == 0 ? 0 : pnlSum / n,
					n == 0 ? 0 : returnSum / n, bars == 0 ? 0 : Math.min(1, (double) heldBars / bars), n,
					n == 0 ? 0 : (double) heldBars / n, periodsPerYear);
		}
	}
}
