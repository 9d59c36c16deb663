package io.backstop.backtest.bench;

/**
 * The z-score strategy written out by hand as a reference for the kernel's speed: capital 10,000,
 * fees 10 bps and slippage 5 bps per side, the notional fixed at leverage x capital, longs and
 * shorts, the kernel's entry, stop and exit rules.
 */
final class HandZscoreLoop {

	private static final double CAPITAL = 10_000;
	private static final double SLIP = 5e-4;
	private static final double FEE2 = 2e-3;

	private HandZscoreLoop() {
	}

	/** Mean, population deviation and z-score over {@code period} closes with plain rolling sums. */
	static void zScore(double[] close, int period, double[] z) {
		double s1 = 0;
		double s2 = 0;
		for (int i = 0; i < close.length; i++) {
			double c = close[i];
			s1 += c;
			s2 += c * c;
			if (i >= period) {
				double out = close[i - period];
				s1 -= out;
				s2 -= out * out;
			}
			if (i < period) {
				z[i] = Double.NaN;
				continue;
			}
			double m = s1 / period;
			double var = s2 / period - m * m;
			double sd = var > 0 ? Math.sqrt(var) : 0;
			z[i] = sd > 1e-10 ? (c - m) / sd : Double.NaN;
		}
	}

	/** One combination: its final equity plus its marked equity's figures folded in, so nothing is optimised away. */
	static double run(double[] close, double[] low, double[] high, double[] z, double entryZ, double kSl,
			double leverage) {
		double notional = leverage * CAPITAL;
		double equity = CAPITAL;
		double last = CAPITAL;
		double peak = CAPITAL;
		double maxDd = 0;
		double sum = 0;
		double sumSq = 0;
		int trades = 0;
		int pos = 0;
		double entry = 0;
		double stop = 0;
		int n = close.length;
		for (int i = 0; i < n; i++) {
			double zi = z[i];
			double c = close[i];
			if (pos != 0) {
				boolean exit = pos > 0 ? zi > entryZ || low[i] <= stop : zi < -entryZ || high[i] >= stop;
				if (exit) {
					double out = c * (1 - SLIP * pos);
					double r = pos > 0 ? (out - entry) / entry : (entry - out) / entry;
					equity += (r - FEE2) * notional;
					trades++;
					pos = 0;
				}
			}
			if (pos == 0) {
				pos = zi < -entryZ ? 1 : zi > entryZ ? -1 : 0;
				if (pos != 0) {
					entry = c * (1 + SLIP * pos);
					stop = entry * (1 - pos * kSl / 100);
				}
			}
			double marked = equity;
			if (pos != 0) {
				double out = c * (1 - SLIP * pos);
				marked += ((pos > 0 ? (out - entry) / entry : (entry - out) / entry) - FEE2) * notional;
			}
			double r = marked / last - 1;
			sum += r;
			sumSq += r * r;
			last = marked;
			if (marked > peak) {
				peak = marked;
			} else {
				maxDd = Math.max(maxDd, (peak - marked) / peak);
			}
		}
		if (pos != 0) {
			double out = close[n - 1] * (1 - SLIP * pos);
			double r = pos > 0 ? (out - entry) / entry : (entry - out) / entry;
			equity += (r - FEE2) * notional;
			trades++;
		}
		return equity + trades + sum + sumSq + maxDd;
	}
}
