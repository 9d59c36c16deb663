package io.backstop.indicators;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.backstop.data.SyntheticSeries;

/** Conventions and edge cases on small hand-checked inputs (the ta4j comparison covers real data). */
class IndicatorsTest {

	private static final double NaN = Double.NaN;

	@Test
	void smaWarmUpAndValues() {
		assertArrayEquals(new double[] { NaN, NaN, 2, 3, 4 }, Indicators.sma(new double[] { 1, 2, 3, 4, 5 }, 3));
		assertArrayEquals(new double[] { NaN, NaN }, Indicators.sma(new double[] { 1, 2 }, 3));
	}

	@Test
	void emaIsSeededWithTheSmaOfTheFirstValues() {
		double[] e = Indicators.ema(new double[] { 1, 2, 3, 4, 5 }, 3);
		assertTrue(Double.isNaN(e[1]));
		assertEquals(2, e[2]);
		assertEquals(2 + (4 - 2) * 0.5, e[3]);
		assertEquals(3 + (5 - 3) * 0.5, e[4]);
	}

	@Test
	void indicatorOfAnIndicatorShiftsItsWarmUp() {
		double[] sma = Indicators.sma(new double[] { 1, 2, 3, 4, 5, 6 }, 2); // NaN, 1.5, 2.5, ...
		assertArrayEquals(new double[] { NaN, NaN, 2, 3, 4, 5 }, Indicators.sma(sma, 2));
	}

	@Test
	void rsiExtremes() {
		assertEquals(100, Indicators.rsi(new double[] { 1, 2, 3, 4, 5 }, 3)[4]);
		assertEquals(0, Indicators.rsi(new double[] { 5, 4, 3, 2, 1 }, 3)[4]);
		assertEquals(50, Indicators.rsi(new double[] { 1, 1, 1, 1, 1 }, 3)[4]);
		// gains 1, 1, -1 -> avg gain 2/3, avg loss 1/3 -> RS 2 -> 66.67
		assertEquals(100 - 100 / 3.0, Indicators.rsi(new double[] { 1, 2, 3, 2 }, 3)[3], 1e-12);
	}

	@Test
	void trueRangeAndAtr() {
		double[] high = { 10, 12, 11 };
		double[] low = { 8, 9, 7 };
		double[] close = { 9, 11, 8 };
		assertArrayEquals(new double[] { 2, 3, 4 }, Indicators.trueRange(high, low, close));
		double[] atr = Indicators.atr(high, low, close, 2);
		assertEquals(2.5, atr[1]);
		assertEquals(2.5 + (4 - 2.5) / 2, atr[2]);
	}

	@Test
	void bollingerUsesThePopulationDeviation() {
		Indicators.Bands b = Indicators.bollinger(new double[] { 1, 3 }, 2, 2);
		assertEquals(2, b.middle()[1]);
		assertEquals(4, b.upper()[1]);
		assertEquals(0, b.lower()[1]);
	}

	@Test
	void donchianAndStochasticOnAFlatRange() {
		double[] flat = { 5, 5, 5, 5 };
		Indicators.Bands d = Indicators.donchian(flat, flat, 2);
		assertEquals(5, d.upper()[3]);
		assertEquals(5, d.middle()[3]);
		Indicators.Stochastic s = Indicators.stochastic(flat, flat, flat, 2, 2);
		assertEquals(50, s.k()[3]);
		assertEquals(50, s.d()[3]);
	}

	@Test
	void highestAndLowestSlideCorrectly() {
		double[] x = { 3, 1, 4, 1, 5, 9, 2, 6 };
		assertArrayEquals(new double[] { NaN, NaN, 4, 4, 5, 9, 9, 9 }, Indicators.highest(x, 3));
		assertArrayEquals(new double[] { NaN, NaN, 1, 1, 1, 1, 2, 2 }, Indicators.lowest(x, 3));
	}

	@Test
	void superTrendDirectionIsOnlyUpOrDown() {
		var s = SyntheticSeries.generate(1, 2000);
		Indicators.SuperTrend st = Indicators.superTrend(s.high(), s.low(), s.close(), 10, 3);
		boolean up = false;
		boolean down = false;
		for (int i = 9; i < 2000; i++) {
			assertTrue(st.direction()[i] == 1 || st.direction()[i] == -1);
			assertEquals(st.direction()[i] > 0 ? st.lower()[i] : st.upper()[i], st.value()[i]);
			up |= st.direction()[i] > 0;
			down |= st.direction()[i] < 0;
		}
		assertTrue(up && down);
	}

	@Test
	void computeByIdChecksParameters() {
		var s = SyntheticSeries.generate(1, 100);
		assertEquals(3, Indicators.compute(s, Indicators.MACD, 12, 26, 9).length);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Indicators.compute(s, Indicators.SMA, 2.5));
		assertEquals("sma: parameter 1 must be a whole number >= 1, got 2.5", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> Indicators.compute(s, "vwap", 1));
		assertThrows(IllegalArgumentException.class, () -> Indicators.compute(s, Indicators.BOLLINGER, 20));
	}

	@Test
	void cachedGoesThroughTheCache() {
		var s = SyntheticSeries.generate(1, 100);
		var cache = new io.backstop.indicators.internal.IndicatorCacheImpl(null, 1 << 20, 0,
				java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
		double[][] a = Indicators.cached(cache, s, Indicators.SMA, 5);
		double[][] b = Indicators.cached(cache, s, Indicators.SMA, 5);
		assertTrue(a == b);
		assertEquals(1, cache.stats().misses());
		assertArrayEquals(Indicators.sma(s.close(), 5), a[0]);
	}

	@Test
	void everySpecComputesWithItsDefaultsIntoItsColumns() {
		var s = SyntheticSeries.generate(1, 300);
		assertEquals(Indicators.IDS, IndicatorSpec.ALL.stream().map(IndicatorSpec::id).toList());
		for (IndicatorSpec spec : IndicatorSpec.ALL) {
			double[][] out = Indicators.compute(s, spec.id(), spec.defaults());
			assertEquals(spec.columns().size(), out.length, spec.id());
			for (double[] column : out) {
				assertEquals(300, column.length);
				assertTrue(!Double.isNaN(column[299]), spec.id());
			}
		}
	}

	@Test
	void everyIndicatorStopsOnItsCancellationWithinAFewThousandBars() {
		var s = SyntheticSeries.generate(3, 200_000);
		for (IndicatorSpec spec : IndicatorSpec.ALL) {
			java.util.concurrent.atomic.AtomicInteger polls = new java.util.concurrent.atomic.AtomicInteger();
			// cancelled from the third poll on: the computation has begun and must not run to its end
			java.util.function.BooleanSupplier cancelled = () -> polls.incrementAndGet() > 2;
			assertThrows(java.util.concurrent.CancellationException.class,
					() -> Indicators.compute(s, spec.id(), cancelled, spec.defaults()), spec.id());
			assertEquals(3, polls.get(), spec.id() + " went on after its cancellation");
		}
	}

	@Test
	void aComputationThatIsNotCancelledGivesTheUsualValues() {
		var s = SyntheticSeries.generate(3, 20_000);
		for (IndicatorSpec spec : IndicatorSpec.ALL) {
			double[][] plain = Indicators.compute(s, spec.id(), spec.defaults());
			double[][] polled = Indicators.compute(s, spec.id(), () -> false, spec.defaults());
			for (int c = 0; c < plain.length; c++) {
				assertArrayEquals(plain[c], polled[c], spec.id());
			}
		}
	}
}
