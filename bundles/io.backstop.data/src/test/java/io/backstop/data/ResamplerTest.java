package io.backstop.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class ResamplerTest {

	@Test
	void theSampleResampledToOneHourMatchesItsFirstHoursAggregatedByHand() throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		OhlcvSeries hourly = Resampler.resample(sample, Timeframe.parse("1h"));
		assertEquals("BTCUSDT_1h", hourly.name());
		// the sample starts at 17:05, so its first hour holds 11 bars (lines 2-12 of the file), the next two 12 each
		long[] hours = { Instant.parse("2025-04-03T17:00:00Z").toEpochMilli(),
				Instant.parse("2025-04-03T18:00:00Z").toEpochMilli(), Instant.parse("2025-04-03T19:00:00Z").toEpochMilli() };
		double[][] expected = { // open, high, low, close, volume, summed by hand from the file's lines
				{ 81794.8, 82146.6, 81588.3, 81790.0, 3007.058 }, //
				{ 81790.0, 82298.2, 81501.0, 82079.4, 4388.048 }, //
				{ 82079.4, 82327.8, 81786.4, 81971.7, 3549.020 } };
		for (int h = 0; h < 3; h++) {
			assertEquals(hours[h], hourly.timestamps()[h]);
			assertEquals(expected[h][0], hourly.open()[h]);
			assertEquals(expected[h][1], hourly.high()[h]);
			assertEquals(expected[h][2], hourly.low()[h]);
			assertEquals(expected[h][3], hourly.close()[h]);
			assertEquals(expected[h][4], hourly.volume()[h], 1e-9);
		}
		// 25,920 five-minute bars from 17:05 to 17:00 ninety days later: 2,160 hours, the first and last partial
		assertEquals(2_161, hourly.size());
		assertEquals(3_600_000L, hourly.barIntervalMillis());
	}

	@Test
	void everyTargetAggregatesWholePeriodsAlignedToUtc() throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		for (Timeframe target : Timeframe.RESAMPLE_TARGETS.subList(1, Timeframe.RESAMPLE_TARGETS.size())) {
			OhlcvSeries resampled = Resampler.resample(sample, target);
			double volume = 0;
			for (double v : resampled.volume()) {
				volume += v;
			}
			double sourceVolume = 0;
			for (double v : sample.volume()) {
				sourceVolume += v;
			}
			assertEquals(sourceVolume, volume, 1e-6 * sourceVolume, target.label());
			for (long t : resampled.timestamps()) {
				assertEquals(0, t % target.millis(), target.label());
			}
			assertEquals(sample.open()[0], resampled.open()[0], target.label());
			assertEquals(sample.close()[sample.size() - 1], resampled.close()[resampled.size() - 1], target.label());
		}
	}

	@Test
	void aTimeframeThatIsNotAWholeMultipleIsRefused() throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		assertEquals("timeframe: 7m is not a whole multiple of 5m, the bar length of BTCUSDT_5m",
				assertThrows(IllegalArgumentException.class, () -> Resampler.resample(sample, Timeframe.parse("7m")))
						.getMessage());
		assertEquals("timeframe: 5m is not longer than 5m, the bar length of BTCUSDT_5m",
				assertThrows(IllegalArgumentException.class, () -> Resampler.resample(sample, Timeframe.parse("5m")))
						.getMessage());
		assertEquals("timeframe: unknown unit 'x' in '5x' (s, m, h, d or w)",
				assertThrows(IllegalArgumentException.class, () -> Timeframe.parse("5x")).getMessage());
	}
}
