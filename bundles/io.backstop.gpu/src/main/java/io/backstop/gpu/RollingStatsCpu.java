package io.backstop.gpu;

import java.util.Arrays;

/**
 * The CPU path of {@link RollingStats}, and the reference the device path must match within
 * 1e-9 relative. Pure Java, usable without OSGi.
 * <p>
 * Each window is updated in O(1) from the previous one with sums of deviations from a shift
 * close to the window mean; the sums are recomputed from scratch every {@code period} bars
 * with a fresh shift. Plain running sums of x and x² lose about half the digits of the
 * variance when prices are large against their spread (cancellation), and their rounding
 * drifts over long series; the shift and the restarts keep the result within ~1e-12 of the
 * exact two-pass value the kernel computes, at O(n) cost per period.
 */
public final class RollingStatsCpu {

	private RollingStatsCpu() {
	}

	public static RollingStats compute(double[] series, int[] periods) {
		validate(series, periods);
		int n = series.length;
		double[][] mean = new double[periods.length][];
		double[][] std = new double[periods.length][];
		for (int k = 0; k < periods.length; k++) {
			mean[k] = new double[n];
			std[k] = new double[n];
			window(series, periods[k], mean[k], std[k]);
		}
		return new RollingStats(periods.clone(), n, mean, std, "cpu");
	}

	/** Rejects what neither path can compute, with a message that names the bad value. */
	public static void validate(double[] series, int[] periods) {
		if (series == null || periods == null) {
			throw new IllegalArgumentException("series and periods are required");
		}
		for (int k = 0; k < periods.length; k++) {
			if (periods[k] < 1) {
				throw new IllegalArgumentException("periods[" + k + "] = " + periods[k] + ": a window needs at least 1 bar");
			}
		}
	}

	private static void window(double[] x, int p, double[] mean, double[] std) {
		int n = x.length;
		Arrays.fill(mean, 0, Math.min(p - 1, n), Double.NaN);
		Arrays.fill(std, 0, Math.min(p - 1, n), Double.NaN);
		double shift = 0;
		double s1 = 0; // sum of (x - shift) over the window
		double s2 = 0; // sum of (x - shift)^2 over the window
		int sinceRestart = p; // forces a restart at the first full window
		for (int i = p - 1; i < n; i++) {
			if (sinceRestart >= p) {
				shift = exactMean(x, i - p + 1, i);
				s1 = 0;
				s2 = 0;
				for (int j = i - p + 1; j <= i; j++) {
					double d = x[j] - shift;
					s1 += d;
					s2 += d * d;
				}
				sinceRestart = 0;
			} else {
				double in = x[i] - shift;
				double out = x[i - p] - shift;
				s1 += in - out;
				s2 += in * in - out * out;
				sinceRestart++;
			}
			double m = s1 / p;
			double variance = s2 / p - m * m;
			mean[i] = shift + m;
			std[i] = Math.sqrt(Math.max(0, variance));
		}
	}

	private static double exactMean(double[] x, int from, int to) {
		double sum = 0;
		for (int j = from; j <= to; j++) {
			sum += x[j];
		}
		return sum / (to - from + 1);
	}
}
