package io.backstop.backtest.bench;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.RunSettings;

/**
 * The z-score strategy written out by hand as the reference for the kernel's speed, computing
 * everything the kernel reports for a combination: the same trades (entry, stop and exit rules,
 * longs and shorts, the notional fixed at leverage x initial capital) and the same figures (the
 * original's per-trade Sharpe and closed-trade drawdown, and every {@link Metrics} figure of the
 * equity marked at each close: Sharpe, Sortino, volatility, drawdown and its duration, profit factor,
 * expectancy, exposure...). Plainly: the z-score from rolling sums, then one pass per combination
 * over every bar with all its state in local variables. For the settings of
 * {@link BollingerZscoreKernel#REFERENCE_SETTINGS} (equity-fraction sizing on the initial capital,
 * trading on below zero) and bars without times (252 a year).
 */
final class HandZscoreLoop {

	private HandZscoreLoop() {
	}

	/**
	 * The population z-score over {@code period} closes from rolling sums of the closes' offsets
	 * from the window's first close, the sums restarted from the window every 16 bars: plain rolling
	 * sums of the closes themselves drift (z off by up to 1e-4 on this series, enough to move a trade
	 * across a threshold), and the kernel computes its statistics with such a guard.
	 */
	static void zScore(double[] close, int period, double[] z) {
		int n = close.length;
		java.util.Arrays.fill(z, 0, Math.min(n, period), Double.NaN);
		double anchor = 0;
		double s1 = 0;
		double s2 = 0;
		for (int i = period - 1; i < n; i++) {
			int first = i - period + 1;
			if (first % 16 == 0) {
				anchor = close[first];
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
			if (i >= period) {
				double m = s1 / period;
				double var = s2 / period - m * m;
				double sd = var > 0 ? Math.sqrt(var) : 0;
				z[i] = sd > BollingerZscoreKernel.MIN_DEVIATION ? (close[i] - anchor - m) / sd : Double.NaN;
			}
		}
	}

	/** One combination's trades and figures, as {@link BollingerZscoreKernel#run} reports them. */
	static BollingerZscoreKernel.Result run(double[] close, double[] low, double[] high, double[] z, double entryZ,
			double kSl, double leverage, RunSettings settings) {
		double capital = settings.initialCapital();
		double unit = capital * settings.sizingValue();
		double slip = settings.slippageBps() / 10000.0;
		double fee2 = 2 * settings.feesBps() / 10000.0;
		int n = close.length;
		// the account and its closed trades
		double equity = capital;
		double closedPeak = capital;
		double closedDrawdown = 0;
		ClosedTrades closed = new ClosedTrades();
		// the equity marked at every close
		double last = capital;
		double sum = 0;
		double sumSq = 0;
		double downSq = 0;
		double peak = capital;
		int peakBar = -1;
		double maxDrawdown = 0;
		int longestDrawdown = 0;
		// the open position
		int pos = 0;
		int entryBar = 0;
		double entry = 0;
		double stop = 0;
		for (int i = 0; i < n; i++) {
			double zi = z[i];
			double c = close[i];
			if (pos != 0) {
				boolean exits = pos > 0 ? zi > entryZ || low[i] <= stop : zi < -entryZ || high[i] >= stop;
				if (exits) {
					double net = net(pos, entry, c * (1 - slip * pos), fee2);
					double pnl = net * leverage * unit;
					equity += pnl;
					closed.add(net, pnl, i - entryBar);
					if (equity > closedPeak) {
						closedPeak = equity;
					}
					closedDrawdown = Math.max(closedDrawdown, (closedPeak - equity) / closedPeak * 100);
					pos = 0;
				}
			}
			if (pos == 0) {
				pos = zi < -entryZ ? 1 : zi > entryZ ? -1 : 0;
				if (pos != 0) {
					entry = c * (1 + slip * pos);
					stop = entry * (1 - pos * kSl / 100);
					entryBar = i;
				}
			}
			double marked = equity;
			if (pos != 0) {
				marked += net(pos, entry, c * (1 - slip * pos), fee2) * leverage * unit;
			}
			double r = last != 0 ? marked / last - 1 : 0;
			sum += r;
			sumSq += r * r;
			double loss = Math.min(r, 0);
			downSq += loss * loss;
			last = marked;
			if (marked >= peak) {
				peak = marked;
				peakBar = i;
			} else {
				maxDrawdown = Math.max(maxDrawdown, (peak - marked) / peak);
				longestDrawdown = Math.max(longestDrawdown, i - peakBar);
			}
		}
		if (pos != 0) {
			double net = net(pos, entry, close[n - 1] * (1 - slip * pos), fee2);
			double pnl = net * leverage * unit;
			equity += pnl;
			closed.add(net, pnl, n - 1 - entryBar);
		}
		int trades = closed.count;
		double tradeDeviation = trades > 0 ? Math.sqrt(closed.netM2 / trades) : 0;
		double sharpePerTrade = trades >= 2 && tradeDeviation > 0 ? closed.netMean / tradeDeviation * Math.sqrt(252) : 0;
		double winRate = trades == 0 ? 0 : (double) closed.wins / trades;

		double annual = Math.sqrt(252);
		double meanReturn = sum / n;
		double spread = sumSq - sum * meanReturn;
		double volatility = n >= 2 && spread > 1e-12 * sumSq ? Math.sqrt(spread / (n - 1)) : 0;
		double downside = Math.sqrt(downSq / n);
		// without bar times the span is unknown: no CAGR, hence no Calmar, unless the equity is gone
		double cagr = last <= 0 ? -1 : 0;
		double profitFactor = closed.grossProfit == 0 ? 0
				: closed.grossLoss > 0 ? Math.min(Metrics.PROFIT_FACTOR_CAP, closed.grossProfit / closed.grossLoss)
						: Metrics.PROFIT_FACTOR_CAP;
		Metrics figures = new Metrics(last, last - capital, last / capital - 1, cagr,
				volatility > 0 ? meanReturn / volatility * annual : 0, downside > 0 ? meanReturn / downside * annual : 0,
				maxDrawdown > 0 ? cagr / maxDrawdown : 0, maxDrawdown, longestDrawdown, volatility * annual, winRate,
				profitFactor, trades == 0 ? 0 : closed.pnlSum / trades, trades == 0 ? 0 : closed.netSum / trades,
				Math.min(1, (double) closed.heldBars / n), trades, trades == 0 ? 0 : (double) closed.heldBars / trades,
				252);
		return new BollingerZscoreKernel.Result(equity, equity - capital, trades, closed.wins, winRate, sharpePerTrade,
				closedDrawdown, figures, false, n, -1);
	}

	/** Net return of a position of side {@code pos} entered at {@code entry} and left at {@code exit}, fees paid. */
	private static double net(int pos, double entry, double exit, double fee2) {
		return (pos > 0 ? (exit - entry) / entry : (entry - exit) / entry) - fee2;
	}

	/** The closed trades' sums: booked once per trade, not per bar. */
	private static final class ClosedTrades {
		int count;
		int wins;
		double netMean;
		double netM2;
		double grossProfit;
		double grossLoss;
		double pnlSum;
		double netSum;
		long heldBars;

		void add(double net, double pnl, int held) {
			count++;
			pnlSum += pnl;
			netSum += net;
			heldBars += held;
			if (pnl > 0) {
				wins++;
				grossProfit += pnl;
			} else {
				grossLoss -= pnl;
			}
			double delta = net - netMean;
			netMean += delta / count;
			netM2 += delta * (net - netMean);
		}
	}
}
