package io.backstop.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The CPU path against the textbook two-pass formula, window by window. */
class RollingStatsCpuTest {

	@Test
	void matchesTheTwoPassFormulaOnALongPriceSeries() {
		double[] close = TestSeries.randomWalk(20_000, 4_000, 0.5, 42);
		int[] periods = { 1, 2, 3, 5, 14, 20, 50, 100, 200 };
		RollingStats cpu = RollingStatsCpu.compute(close, periods);
		RollingStats reference = TestSeries.naive(close, periods);
		double worst = RollingStats.maxRelativeDifference(cpu, reference, RollingStats.scaleOf(close));
		assertTrue(worst < 1e-9, "max relative difference " + worst);
		assertEquals("cpu", cpu.backend());
	}

	@Test
	void staysAccurateWhenPricesAreLargeAgainstTheirSpread() {
		// plain running sums of x and x^2 lose the variance here: 1e6 +- 1e-3
		double[] close = TestSeries.randomWalk(5_000, 1_000_000, 0.001, 7);
		int[] periods = { 10, 20, 64 };
		RollingStats cpu = RollingStatsCpu.compute(close, periods);
		RollingStats reference = TestSeries.naive(close, periods);
		for (int k = 0; k < periods.length; k++) {
			for (int i = periods[k] - 1; i < close.length; i++) {
				double expected = reference.std()[k][i];
				assertEquals(expected, cpu.std()[k][i], 1e-6 * expected, "std, period " + periods[k] + ", bar " + i);
			}
		}
	}

	@Test
	void leadingBarsAreNanAndFlatWindowsHaveNoDeviation() {
		double[] flat = new double[30];
		java.util.Arrays.fill(flat, 123.25);
		RollingStats stats = RollingStatsCpu.compute(flat, new int[] { 5, 40 });
		for (int i = 0; i < 4; i++) {
			assertTrue(Double.isNaN(stats.mean()[0][i]) && Double.isNaN(stats.std()[0][i]));
		}
		for (int i = 4; i < 30; i++) {
			assertEquals(123.25, stats.mean()[0][i], 1e-12);
			assertEquals(0.0, stats.std()[0][i], 1e-12);
		}
		for (int i = 0; i < 30; i++) {
			assertTrue(Double.isNaN(stats.mean()[1][i]), "a window longer than the series has no values");
		}
	}

	@Test
	void rejectsWindowsShorterThanOneBarNamingTheEntry() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> RollingStatsCpu.compute(new double[10], new int[] { 5, 0 }));
		assertTrue(e.getMessage().contains("periods[1] = 0"), e.getMessage());
	}

	@Test
	void comparisonFlagsNanMismatchesAndRealDifferences() {
		double[] x = TestSeries.randomWalk(100, 50, 1, 3);
		RollingStats a = RollingStatsCpu.compute(x, new int[] { 10 });
		RollingStats b = RollingStatsCpu.compute(x, new int[] { 10 });
		assertEquals(0.0, RollingStats.maxRelativeDifference(a, b, RollingStats.scaleOf(x)));
		b.mean()[0][50] *= 1.001;
		assertTrue(RollingStats.maxRelativeDifference(a, b, RollingStats.scaleOf(x)) > 1e-4);
		b.mean()[0][0] = 1;
		assertEquals(Double.POSITIVE_INFINITY, RollingStats.maxRelativeDifference(a, b, RollingStats.scaleOf(x)));
	}
}
