package io.backstop.app.model;

/** Series derived from an equity curve for the charts. */
public final class Curves {

	private Curves() {
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
