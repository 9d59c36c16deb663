package io.backstop.app.model;

/** Series derived from an equity curve for the charts. */
public final class Curves {

	private Curves() {
	}

	/**
	 * What the capital would be worth after each bar had it bought at the first bar's close and held:
	 * the benchmark a run's equity is read against (no fees, no sizing).
	 */
	public static double[] buyAndHold(double[] close, int bars, double initialCapital) {
		int n = Math.min(bars, close.length);
		double[] equity = new double[n];
		for (int i = 0; i < n; i++) {
			equity[i] = initialCapital * close[i] / close[0];
		}
		return equity;
	}

	/** Drawdown after each bar in percent: 0 at a new peak, -12.5 when 12.5% below it. */
	public static double[] drawdownPercent(double[] equity, int bars, double initialCapital) {
		int n = Math.min(bars, equity.length);
		double[] drawdown = new double[n];
		double peak = initialCapital;
		for (int i = 0; i < n; i++) {
			peak = Math.max(peak, equity[i]);
			drawdown[i] = peak > 0 ? (equity[i] / peak - 1) * 100 : 0;
		}
		return drawdown;
	}
}
