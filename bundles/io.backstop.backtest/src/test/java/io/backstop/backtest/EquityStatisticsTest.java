package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The equity figures fed in stretches, with flat runs as counts, against the plain definition bar
 * by bar: the deepest fall below the running peak and the longest stretch below it, equal to the
 * last bit on curves that rise to new peaks, fall, stay flat and recover.
 */
class EquityStatisticsTest {

	private static final double CAPITAL = 10_000;

	@Test
	void drawdownMeasuredAtEachTroughEqualsTheDepthOfEveryBar() {
		Random random = new Random(7);
		for (int curve = 0; curve < 200; curve++) {
			double[] equity = randomCurve(random, 1 + random.nextInt(3_000));
			Metrics figures = Metrics.compute(equity, equity.length, null, List.of(), CAPITAL);
			double deepest = 0;
			int longest = 0;
			double peak = CAPITAL;
			int peakBar = -1;
			for (int t = 0; t < equity.length; t++) {
				if (equity[t] >= peak) {
					peak = equity[t];
					peakBar = t;
				} else {
					deepest = Math.max(deepest, (peak - equity[t]) / peak);
					longest = Math.max(longest, t - peakBar);
				}
			}
			assertEquals(deepest, figures.maxDrawdown(), "curve " + curve + ": deepest drawdown");
			assertEquals(longest, figures.maxDrawdownDurationBars(), "curve " + curve + ": longest drawdown");
		}
	}

	@Test
	void stretchesAndFlatRunsGiveTheFiguresOfOnePass() {
		Random random = new Random(11);
		for (int curve = 0; curve < 200; curve++) {
			double[] equity = randomCurve(random, 2 + random.nextInt(3_000));
			Metrics onePass = Metrics.compute(equity, equity.length, null, List.of(), CAPITAL);
			Metrics.EquityStatistics pieces = new Metrics.EquityStatistics(CAPITAL);
			int from = 0;
			while (from < equity.length) {
				int flat = 0;
				while (from + flat < equity.length && equity[from + flat] == (from + flat == 0 ? CAPITAL
						: equity[from + flat - 1])) {
					flat++;
				}
				if (flat > 0) {
					pieces.addUnchanged(flat);
					from += flat;
					continue;
				}
				int to = Math.min(equity.length, from + 1 + random.nextInt(50));
				pieces.addAll(equity, from, to);
				from = to;
			}
			assertEquals(onePass, pieces.metrics(null), "curve " + curve);
		}
	}

	/** Random walks of marked equity with flat runs (an account out of the market), new peaks and deep falls. */
	private static double[] randomCurve(Random random, int bars) {
		double[] equity = new double[bars];
		double e = CAPITAL;
		for (int t = 0; t < bars; t++) {
			if (random.nextInt(4) > 0) {
				e *= 1 + random.nextGaussian() * 0.01 + (random.nextBoolean() ? 0.002 : -0.002);
			}
			equity[t] = e;
		}
		return equity;
	}
}
