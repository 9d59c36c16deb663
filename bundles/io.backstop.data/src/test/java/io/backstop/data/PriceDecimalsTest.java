package io.backstop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class PriceDecimalsTest {

	private static OhlcvSeries bars(double... closes) {
		long[] t = new long[closes.length];
		for (int i = 0; i < t.length; i++) {
			t[i] = 60_000L * i;
		}
		return new OhlcvSeries("t", "test", t, closes, closes, closes, closes, new double[closes.length]);
	}

	@Test
	void decimalsAreTheMostAnyPriceHas() {
		assertEquals(5, bars(0.7123, 0.71235, 0.71).priceDecimals(), "ADA quoted to 4 and 5 places");
		assertEquals(2, bars(65432.1, 65432.17, 65000).priceDecimals(), "BTC quoted in cents");
		assertEquals(0, bars(101, 99).priceDecimals());
		assertEquals(OhlcvSeries.MAX_PRICE_DECIMALS, bars(Math.PI).priceDecimals(), "capped");
		assertEquals(0, bars().priceDecimals());
	}

	@Test
	void theBundledBitcoinSampleHasOneDecimal() throws IOException {
		// its file quotes every price to at most one place: 81794.8, 81998.1, ...
		assertEquals(1, SampleData.loadBtcusdt5m().priceDecimals());
	}
}
