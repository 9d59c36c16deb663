package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;

/** What the Data view says about a series. */
class DataFactsTest {

	private static OhlcvSeries bars(int count) {
		long[] times = new long[count];
		double[] prices = new double[count];
		for (int i = 0; i < count; i++) {
			times[i] = 1_735_689_600_000L + i * 300_000L; // 2025-01-01 00:00 UTC, 5 min apart
			prices[i] = 100 + i;
		}
		return new OhlcvSeries("BTCUSDT", "/data/btc.csv", times, prices, prices, prices, prices, prices);
	}

	@Test
	void oneBarIsOneBarOfItsSeries() {
		assertEquals("1 bar of BTCUSDT at 2025-01-01 00:00 UTC", DataFacts.describe(bars(1)));
	}

	@Test
	void manyBarsWithTheirIntervalAndSpan() {
		assertEquals("1,000 bars of 5 min, 2025-01-01 00:00 UTC to 2025-01-04 11:15 UTC (3 d 11 h 15 min)",
				DataFacts.describe(bars(1000)));
		assertEquals("/data/btc.csv", DataFacts.source(bars(2)));
	}
}
