package io.backstop.gpu;

import java.util.Random;

/** Price series and the obviously-right reference computation, shared by the GPU bundle's tests. */
public final class TestSeries {

	private TestSeries() {
	}

	/** Mean and population deviation of each window, summed from scratch: slow, obviously right. */
	public static RollingStats naive(double[] x, int[] periods) {
		int n = x.length;
		double[][] mean = new double[periods.length][n];
		double[][] std = new double[periods.length][n];
		for (int k = 0; k < periods.length; k++) {
			int p = periods[k];
			for (int i = 0; i < n; i++) {
				if (i < p - 1) {
					mean[k][i] = Double.NaN;
					std[k][i] = Double.NaN;
					continue;
				}
				double s = 0;
				for (int j = i - p + 1; j <= i; j++) {
					s += x[j];
				}
				double m = s / p;
				double q = 0;
				for (int j = i - p + 1; j <= i; j++) {
					q += (x[j] - m) * (x[j] - m);
				}
				mean[k][i] = m;
				std[k][i] = Math.sqrt(q / p);
			}
		}
		return new RollingStats(periods.clone(), n, mean, std, "naive");
	}

	public static double[] randomWalk(int n, double start, double step, long seed) {
		Random random = new Random(seed);
		double[] x = new double[n];
		double price = start;
		for (int i = 0; i < n; i++) {
			price = Math.max(0.01, price + step * random.nextGaussian());
			x[i] = price;
		}
		return x;
	}

}
