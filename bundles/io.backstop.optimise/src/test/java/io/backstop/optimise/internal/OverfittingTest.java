package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.backstop.optimise.OverfitReport.BacktestOverfitting;
import io.backstop.optimise.OverfitReport.DeflatedSharpe;

/**
 * The figures are those of {@code src/test/resources/overfitting_reference.py}, computed with numpy and
 * scipy on the same returns, independently of this code.
 */
class OverfittingTest {

	static final int T = 640;
	static final int N = 12;

	/** The script's returns: 12 trials of 640 bars. */
	static double[][] returns() {
		double[][] m = new double[N][T];
		for (int n = 0; n < N; n++) {
			for (int t = 0; t < T; t++) {
				m[n][t] = 0.001 * Math.sin(0.37 * t * (n + 1) + n) + 0.0005 * Math.cos(1.3 * t + 0.1 * n)
						+ 0.0001 * n * ((t % 7) - 3) / 3.0 + 0.00002 * (n % 3);
			}
		}
		return m;
	}

	@Test
	void deflatedSharpeMatchesTheReference() {
		double[][] m = returns();
		double[] sharpes = new double[N];
		for (int n = 0; n < N; n++) {
			sharpes[n] = Overfitting.sharpe(m[n]);
		}
		DeflatedSharpe d = Overfitting.deflatedSharpe(m[2], sharpes);
		assertEquals(0.050542714079840505, d.sharpe(), 1e-12);
		assertEquals(0.030953400705102888, d.expectedMaxSharpe(), 1e-9);
		assertEquals(0.0003456898783956526, d.sharpeVariance(), 1e-13);
		assertEquals(-0.0031895315345801525, d.skewness(), 1e-9);
		assertEquals(2.0457802153719022, d.kurtosis(), 1e-9);
		assertEquals(0.6896936984135034, d.probability(), 1e-7);
		assertEquals(N, d.trials());
		assertEquals(T, d.observations());
	}

	@Test
	void expectedMaximumSharpeOfAHundredTrials() {
		assertEquals(0.2530602893201685, Overfitting.expectedMaxSharpe(0.01, 100), 1e-9);
	}

	@Test
	void pboMatchesTheReference() {
		BacktestOverfitting p = Overfitting.pbo(returns(), 8);
		assertEquals(70, p.combinations());
		assertEquals(0.1, p.probability(), 1e-12);
		assertEquals(2.4849066497880012, p.logits()[0], 1e-12);
		assertEquals(2.4849066497880012, p.logits()[69], 1e-12);
		assertEquals(N, p.trials());
	}
}
