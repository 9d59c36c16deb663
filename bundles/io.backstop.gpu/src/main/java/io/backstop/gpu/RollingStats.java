package io.backstop.gpu;

/**
 * Rolling mean and population standard deviation of one series for several window lengths
 * at once: the middle band and the width of Bollinger bands for a whole parameter range.
 * Entry {@code [k][i]} belongs to window {@code periods[k]} ending at bar {@code i}; bars
 * before a full window are NaN. The arrays are shared, not copied.
 *
 * @param periods the window lengths, each at least 1
 * @param length  the series length
 * @param mean    rolling means, one row per period
 * @param std     rolling population standard deviations, one row per period
 * @param backend where it was computed, for example "cpu" or "gpu: NVIDIA H100 80GB HBM3"
 */
public record RollingStats(int[] periods, int length, double[][] mean, double[][] std, String backend) {

	/**
	 * Largest difference between two results of the same input, each difference divided by
	 * {@code max(|a|, |b|, scale)}. {@code scale} keeps values near zero (the deviation of a
	 * flat window) from turning rounding noise into a large ratio: pass the series' largest
	 * absolute value. NaN in one and not the other counts as infinite.
	 */
	public static double maxRelativeDifference(RollingStats a, RollingStats b, double scale) {
		if (a.length != b.length || !java.util.Arrays.equals(a.periods, b.periods)) {
			throw new IllegalArgumentException("results of different inputs");
		}
		double worst = 0;
		for (int k = 0; k < a.periods.length; k++) {
			worst = Math.max(worst, maxRelative(a.mean[k], b.mean[k], scale));
			worst = Math.max(worst, maxRelative(a.std[k], b.std[k], scale));
		}
		return worst;
	}

	private static double maxRelative(double[] x, double[] y, double scale) {
		double worst = 0;
		for (int i = 0; i < x.length; i++) {
			boolean nx = Double.isNaN(x[i]);
			boolean ny = Double.isNaN(y[i]);
			if (nx || ny) {
				if (nx != ny) {
					return Double.POSITIVE_INFINITY;
				}
				continue;
			}
			double denominator = Math.max(Math.max(Math.abs(x[i]), Math.abs(y[i])), scale);
			if (denominator > 0) {
				worst = Math.max(worst, Math.abs(x[i] - y[i]) / denominator);
			}
		}
		return worst;
	}

	/** Largest absolute value of a series, the natural {@code scale} for {@link #maxRelativeDifference}. */
	public static double scaleOf(double[] series) {
		double max = 0;
		for (double v : series) {
			max = Math.max(max, Math.abs(v));
		}
		return max;
	}
}
