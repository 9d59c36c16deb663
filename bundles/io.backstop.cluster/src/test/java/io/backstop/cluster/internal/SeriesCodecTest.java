package io.backstop.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.CancellationToken;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

/** The series as members ship it to each other. */
class SeriesCodecTest {

	private final OhlcvSeries series = SyntheticSeries.generate(7, 125_000);

	@Test
	void aSeriesArrivesWithEveryBarAsItWasSent() throws IOException {
		OhlcvSeries arrived = SeriesCodec.decode(SeriesCodec.encode(series), CancellationToken.NONE);

		assertEquals(series.fingerprint(), arrived.fingerprint());
		assertEquals(series.name(), arrived.name());
		assertEquals(series.source(), arrived.source());
		assertArrayEquals(series.timestamps(), arrived.timestamps());
		assertArrayEquals(series.close(), arrived.close());
	}

	@Test
	void aStopDuringUnpackingEndsItWithinASlice() {
		byte[] encoded = SeriesCodec.encode(series);
		AtomicInteger polls = new AtomicInteger();
		CancellationToken raisedAfterTwoSlices = () -> polls.incrementAndGet() > 2;

		assertThrows(CancellationException.class, () -> SeriesCodec.decode(encoded, raisedAfterTwoSlices));
		assertEquals(3, polls.get(), "unpacking stops at the first poll after the stop, not at the end");
	}

	@Test
	void aSeriesCutShortIsRefusedInOneLine() {
		byte[] encoded = SeriesCodec.encode(series);
		byte[] cut = Arrays.copyOf(encoded, encoded.length / 2);

		IOException refused = assertThrows(IOException.class, () -> SeriesCodec.decode(cut, CancellationToken.NONE));
		assertEquals("a series arrived cut short", refused.getMessage());
	}
}
