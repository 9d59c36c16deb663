package io.backstop.optimise.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.math3.distribution.NormalDistribution;

import io.backstop.optimise.OverfitReport.BacktestOverfitting;
import io.backstop.optimise.OverfitReport.DeflatedSharpe;

/**
 * The overfitting statistics, on plain arrays of per-bar returns.
 * <ul>
 * <li>Deflated Sharpe Ratio: D. H. Bailey and M. López de Prado, "The Deflated Sharpe Ratio:
 * Correcting for Selection Bias, Backtest Overfitting and Non-Normality", Journal of Portfolio
 * Management 40 (5), 2014, pp. 94-107; equations for the expected maximum Sharpe ratio of N
 * unskilled trials and the Probabilistic Sharpe Ratio against it.</li>
 * <li>Probability of Backtest Overfitting: D. H. Bailey, J. M. Borwein, M. López de Prado and Q. J.
 * Zhu, "The Probability of Backtest Overfitting", Journal of Computational Finance 20 (4), 2017
 * (working paper 2015); combinatorially symmetric cross-validation, section 2.</li>
 * </ul>
 * Sharpe ratios are per bar: mean over sample standard deviation (0 for returns without spread).
 */
final class Overfitting {

	/** The Euler-Mascheroni constant. */
	static final double EULER_GAMMA = 0.5772156649015329;

	/** Blocks the bars are cut into for CSCV (S in the paper): 12,870 splits. */
	static final int PARTITIONS = 16;

	private static final NormalDistribution NORMAL = new NormalDistribution(null, 0, 1);

	private Overfitting() {
	}

	/**
	 * The expected maximum Sharpe ratio of {@code trials} independent trials of no skill whose Sharpe
	 * ratios have the given variance: {@code sqrt(V) ((1 - g) Z(1 - 1/N) + g Z(1 - 1/(N e)))}.
	 */
	static double expectedMaxSharpe(double sharpeVariance, int trials) {
		return Math.sqrt(sharpeVariance) * ((1 - EULER_GAMMA) * NORMAL.inverseCumulativeProbability(1 - 1.0 / trials)
				+ EULER_GAMMA * NORMAL.inverseCumulativeProbability(1 - 1.0 / (trials * Math.E)));
	}

	/**
	 * @param best         the chosen trial's per-bar returns
	 * @param trialSharpes every trial's per-bar Sharpe ratio, the chosen one's included ({@code >= 2})
	 */
	static DeflatedSharpe deflatedSharpe(double[] best, double[] trialSharpes) {
		if (trialSharpes.length < 2) {
			throw new IllegalArgumentException("the Deflated Sharpe Ratio needs at least 2 trials, not " + trialSharpes.length);
		}
		int t = best.length;
		double mean = mean(best);
		double m2 = 0;
		double m3 = 0;
		double m4 = 0;
		for (double r : best) {
			double d = r - mean;
			m2 += d * d;
			m3 += d * d * d;
			m4 += d * d * d * d;
		}
		m2 /= t;
		m3 /= t;
		m4 /= t;
		double skewness = m2 > 0 ? m3 / Math.pow(m2, 1.5) : 0;
		double kurtosis = m2 > 0 ? m4 / (m2 * m2) : 3;
		double sharpe = sharpe(best);
		double variance = variance(trialSharpes);
		double benchmark = expectedMaxSharpe(variance, trialSharpes.length);
		double denominator = 1 - skewness * sharpe + (kurtosis - 1) / 4 * sharpe * sharpe;
		double probability = NORMAL
				.cumulativeProbability((sharpe - benchmark) * Math.sqrt(t - 1) / Math.sqrt(Math.max(denominator, 1e-12)));
		return new DeflatedSharpe(sharpe, benchmark, trialSharpes.length, variance, t, skewness, kurtosis, probability);
	}

	/**
	 * PBO by CSCV: the bars are cut into {@code partitions} contiguous blocks (the first {@code T mod S} one
	 * bar longer); for every choice of half of them as the in-sample set, the trial with the best in-sample
	 * Sharpe ratio (the first on ties) gets its out-of-sample relative rank {@code w = r / (N + 1)}, where r
	 * counts the trials whose out-of-sample Sharpe ratio is at most its own, and the logit
	 * {@code ln(w / (1 - w))}; PBO is the share of logits at or below 0.
	 *
	 * @param returns per-bar returns, {@code returns[trial][bar]}, every trial the same length
	 */
	static BacktestOverfitting pbo(double[][] returns, int partitions) {
		int n = returns.length;
		if (n < 2) {
			throw new IllegalArgumentException("PBO needs at least 2 trials, not " + n);
		}
		int t = returns[0].length;
		if (partitions < 2 || partitions % 2 != 0 || t < 2 * partitions) {
			throw new IllegalArgumentException("PBO needs an even number of blocks of at least 2 bars each: " + partitions
					+ " blocks of " + t + " bars");
		}
		// per block and trial: count, sum and sum of squares, so each split's Sharpe ratios are sums
		double[][] sum = new double[partitions][n];
		double[][] squares = new double[partitions][n];
		int[] count = new int[partitions];
		int start = 0;
		for (int b = 0; b < partitions; b++) {
			count[b] = t / partitions + (b < t % partitions ? 1 : 0);
			for (int trial = 0; trial < n; trial++) {
				for (int i = start; i < start + count[b]; i++) {
					double r = returns[trial][i];
					sum[b][trial] += r;
					squares[b][trial] += r * r;
				}
			}
			start += count[b];
		}
		List<Double> logits = new ArrayList<>();
		int half = partitions / 2;
		int[] chosen = new int[half];
		for (int k = 0; k < half; k++) {
			chosen[k] = k;
		}
		boolean[] inSample = new boolean[partitions];
		double[] in = new double[n];
		double[] out = new double[n];
		while (true) {
			java.util.Arrays.fill(inSample, false);
			for (int b : chosen) {
				inSample[b] = true;
			}
			splitSharpes(sum, squares, count, inSample, true, in);
			splitSharpes(sum, squares, count, inSample, false, out);
			int best = 0;
			for (int trial = 1; trial < n; trial++) {
				if (in[trial] > in[best]) {
					best = trial;
				}
			}
			int rank = 0;
			for (int trial = 0; trial < n; trial++) {
				if (out[trial] <= out[best]) {
					rank++;
				}
			}
			double w = rank / (n + 1.0);
			logits.add(Math.log(w / (1 - w)));
			if (!next(chosen, partitions)) {
				break;
			}
		}
		long overfit = logits.stream().filter(l -> l <= 0).count();
		return new BacktestOverfitting((double) overfit / logits.size(), partitions, logits.size(), n,
				logits.stream().mapToDouble(Double::doubleValue).toArray());
	}

	private static void splitSharpes(double[][] sum, double[][] squares, int[] count, boolean[] inSample, boolean side,
			double[] sharpes) {
		int n = sharpes.length;
		for (int trial = 0; trial < n; trial++) {
			double s = 0;
			double q = 0;
			long c = 0;
			for (int b = 0; b < count.length; b++) {
				if (inSample[b] == side) {
					s += sum[b][trial];
					q += squares[b][trial];
					c += count[b];
				}
			}
			double mean = s / c;
			double variance = (q - c * mean * mean) / (c - 1);
			sharpes[trial] = variance > 1e-300 ? mean / Math.sqrt(variance) : 0;
		}
	}

	/** The next combination in lexicographic order; false after the last. */
	private static boolean next(int[] chosen, int of) {
		int k = chosen.length - 1;
		while (k >= 0 && chosen[k] == of - chosen.length + k) {
			k--;
		}
		if (k < 0) {
			return false;
		}
		chosen[k]++;
		for (int j = k + 1; j < chosen.length; j++) {
			chosen[j] = chosen[j - 1] + 1;
		}
		return true;
	}

	/** Per-bar Sharpe ratio: mean over sample standard deviation; 0 without spread. */
	static double sharpe(double[] returns) {
		double variance = variance(returns);
		return variance > 0 ? mean(returns) / Math.sqrt(variance) : 0;
	}

	private static double mean(double[] values) {
		double s = 0;
		for (double v : values) {
			s += v;
		}
		return s / values.length;
	}

	/** Sample variance (n - 1). */
	private static double variance(double[] values) {
		double mean = mean(values);
		double s = 0;
		for (double v : values) {
			s += (v - mean) * (v - mean);
		}
		return s / (values.length - 1);
	}
}
