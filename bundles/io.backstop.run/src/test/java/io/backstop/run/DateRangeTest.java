package io.backstop.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;

/** A run's date range as people type it, and the bars it keeps. */
class DateRangeTest {

	private static final long DAY = 24 * 3600 * 1000L;
	/** Ten daily bars from 2025-05-01 00:00 UTC. */
	private static final OhlcvSeries TEN_DAYS;

	static {
		long start = Instant.parse("2025-05-01T00:00:00Z").toEpochMilli();
		long[] times = new long[10];
		double[] prices = new double[10];
		for (int i = 0; i < 10; i++) {
			times[i] = start + i * DAY;
			prices[i] = 100 + i;
		}
		TEN_DAYS = new OhlcvSeries("ADAUSDT 1d", "test", times, prices, prices, prices, prices, prices);
	}

	@Test
	void aDayAsFromStartsAtItsFirstMinuteAndAsToIncludesItWhole() {
		OhlcvSeries kept = DateRange.parse("from", "2025-05-03", "to", "2025-05-05").apply(TEN_DAYS);
		assertEquals(3, kept.size());
		assertEquals(102, kept.close()[0]);
		assertEquals(104, kept.close()[2]);
		assertEquals("ADAUSDT 1d from 2025-05-03 00:00 UTC to 2025-05-05 23:59 UTC", kept.name());
		assertEquals(8, DateRange.parse("from", "2025-05-03", "to", "").bars(TEN_DAYS), "an open end");
		assertEquals(2, DateRange.parse("from", " ", "to", "2025-05-02 00:00").bars(TEN_DAYS), "a minute as to is included");
		assertSame(TEN_DAYS, DateRange.ALL.apply(TEN_DAYS));
	}

	@Test
	void badInputIsOneLineNamingTheField() {
		assertEquals("from: '05/03/2025' is not a date (2025-05-01 or 2025-05-01 14:30, UTC)",
				assertThrows(IllegalArgumentException.class, () -> DateRange.parse("from", "05/03/2025", "to", ""))
						.getMessage());
		assertEquals("to: 2025-05-01 23:59 UTC is before from 2025-05-03 00:00 UTC",
				assertThrows(IllegalArgumentException.class, () -> DateRange.parse("from", "2025-05-03", "to", "2025-05-01"))
						.getMessage());
		assertEquals("from/to: no bar of ADAUSDT 1d from 2025-06-01 00:00 UTC; it runs from 2025-05-01 00:00 UTC to "
				+ "2025-05-10 00:00 UTC", assertThrows(IllegalArgumentException.class,
						() -> DateRange.parse("from", "2025-06-01", "to", "").apply(TEN_DAYS)).getMessage());
	}
}
