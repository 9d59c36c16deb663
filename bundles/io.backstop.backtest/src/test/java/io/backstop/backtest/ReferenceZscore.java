package io.backstop.backtest;

/**
 * A direct, unoptimised port of the original kernel's rules (window mean and population
 * deviation computed afresh at every bar, as numpy does), used to check the fast kernel.
 */
final class ReferenceZscore {

	record Out(double finalEquity, int trades, int wins, double sharpe, double maxDrawdownPct) {
	}

	static int[] signals(double[] close, int period, double entryZ) {
		int n = close.length;
		int[] sig = new int[n];
		for (int i = period; i < n; i++) {
			double sum = 0;
			for (int k = i - period + 1; k <= i; k++) {
				sum += close[k];
			}
			double mean = sum / period;
			double sq = 0;
			for (int k = i - period + 1; k <= i; k++) {
				sq += (close[k] - mean) * (close[k] - mean);
			}
			double std = Math.sqrt(sq / period);
			if (std > 1e-10) {
				double z = (close[i] - mean) / std;
				sig[i] = z < -entryZ ? 1 : z > entryZ ? -1 : 0;
			}
		}
		return sig;
	}

	static Out run(double[] close, double[] low, double[] high, int period, double entryZ, double kSl, double leverage,
			double capital, double feesBps, double slippageBps) {
		int[] sig = signals(close, period, entryZ);
		double slip = slippageBps / 10000;
		double fees = 2 * feesBps / 10000;
		int n = close.length;
		int pos = 0;
		double entry = 0;
		double equity = capital;
		double peak = capital;
		double maxDd = 0;
		java.util.List<Double> rets = new java.util.ArrayList<>();
		int wins = 0;
		for (int i = 0; i < n; i++) {
			int s = sig[i];
			if (pos != 0) {
				boolean exit = s == -pos || (pos == 1 && low[i] <= entry * (1 - kSl / 100))
						|| (pos == -1 && high[i] >= entry * (1 + kSl / 100));
				if (exit) {
					double px = close[i] * (1 - slip * pos);
					double r = pos == 1 ? (px - entry) / entry : (entry - px) / entry;
					double net = r - fees;
					double pnl = net * leverage * capital;
					equity += pnl;
					rets.add(net);
					if (pnl > 0) {
						wins++;
					}
					peak = Math.max(peak, equity);
					maxDd = Math.max(maxDd, (peak - equity) / peak * 100);
					pos = 0;
				}
			}
			if (pos == 0 && s != 0) {
				pos = s;
				entry = close[i] * (1 + slip * s);
			}
		}
		if (pos != 0) {
			double px = close[n - 1] * (1 - slip * pos);
			double r = pos == 1 ? (px - entry) / entry : (entry - px) / entry;
			double net = r - fees;
			double pnl = net * leverage * capital;
			equity += pnl;
			rets.add(net);
			if (pnl > 0) {
				wins++;
			}
		}
		double sharpe = 0;
		if (rets.size() >= 2) {
			double mean = rets.stream().mapToDouble(Double::doubleValue).average().orElse(0);
			double var = rets.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / rets.size();
			double sd = Math.sqrt(var);
			if (sd > 0) {
				sharpe = mean / sd * Math.sqrt(252);
			}
		}
		return new Out(equity, rets.size(), wins, sharpe, maxDd);
	}

	private ReferenceZscore() {
	}
}
