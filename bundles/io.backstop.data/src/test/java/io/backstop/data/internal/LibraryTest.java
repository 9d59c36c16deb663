package io.backstop.data.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.data.DataLibrary;
import io.backstop.data.DataLibrary.DataSet;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;

/** A library directory as users fill it: monthly exchange files, single files, a broken one, other files. */
class LibraryTest {

	private static final long JAN_1_2025 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

	@TempDir
	Path dir;

	private final AtomicBoolean halted = new AtomicBoolean();
	private Library library;

	/** Header-less klines, one every {@code stepMillis}, the first at {@code from} bars after 2025-01-01. */
	private void klines(String name, int from, int count, long stepMillis) throws Exception {
		StringBuilder text = new StringBuilder();
		for (int i = from; i < from + count; i++) {
			long open = JAN_1_2025 + i * stepMillis;
			double close = 100 + i % 17;
			text.append(open).append(',').append(close).append(',').append(close + 1).append(',').append(close - 1)
					.append(',').append(close).append(',').append(i % 5 == 0 ? 0 : 2).append(',')
					.append(open + stepMillis - 1).append(",1,1,1,1,0\n");
		}
		Files.writeString(dir.resolve(name), text);
	}

	private Library library() throws Exception {
		klines("BTCUSDT-1m-2025-01.csv", 0, 100, 60_000);
		klines("BTCUSDT-1m-2025-02.csv", 100, 100, 60_000);
		klines("ETHUSDT_1h.csv", 0, 48, 3_600_000);
		Files.writeString(dir.resolve("SOLUSDT_5m.csv"), "ts,o,h,l,c,v\n1735689600,1,2,0.5,1.5,oops\n");
		Files.writeString(dir.resolve("notes.txt"), "not data");
		Files.writeString(dir.resolve("README.csv"), "not a library file name");
		library = new Library(dir, OhlcvFiles.Options.DEFAULT.haltedWhen(halted::get));
		return library;
	}

	@Test
	void listsEverySymbolAndTimeframeWithTheSampleAndWhatDidNotLoad() throws Exception {
		List<DataSet> sets = library().list();
		assertEquals(List.of("BTCUSDT_1m", "BTCUSDT_5m", "ETHUSDT_1h", "SOLUSDT_5m"),
				sets.stream().map(DataSet::name).toList());
		DataSet monthly = sets.get(0);
		assertEquals(200, monthly.bars());
		assertEquals("BTCUSDT-1m-2025-01.csv and 1 more file", monthly.source());
		assertEquals(JAN_1_2025, monthly.first());
		assertEquals(JAN_1_2025 + 199 * 60_000L, monthly.last());
		assertEquals(0, monthly.quality().gaps());
		assertEquals(40, monthly.quality().zeroVolumeBars());
		DataSet sample = sets.get(1);
		assertEquals(DataLibrary.SAMPLE_SOURCE, sample.source());
		assertEquals(25_920, sample.bars());
		DataSet broken = sets.get(3);
		assertEquals(dir.resolve("SOLUSDT_5m.csv") + ", line 2, field 'volume': not a number: \"oops\"", broken.problem());
		assertNull(broken.quality());
	}

	@Test
	void loadsJoinedSeriesOnceUntilTheCacheIsCleared() throws Exception {
		Library library = library();
		OhlcvSeries first = library.load("btcusdt", "1m");
		assertEquals("BTCUSDT_1m", first.name());
		assertEquals(200, first.size());
		assertSame(first, library.load("BTCUSDT", "1m"));
		assertEquals(200L * LoadedSeriesCache.BYTES_PER_BAR, library.sizeBytes());
		assertEquals(200L * LoadedSeriesCache.BYTES_PER_BAR, library.release());
		assertEquals(0, library.sizeBytes());
		OhlcvSeries reloaded = library.load("BTCUSDT", "1m");
		assertNotSame(first, reloaded);
		assertEquals(first.fingerprint(), reloaded.fingerprint());
	}

	@Test
	void aTimeframeWithoutFilesIsResampledFromTheSymbolsFinerData() throws Exception {
		OhlcvSeries fourHours = library().load("ETHUSDT", "4h");
		assertEquals("ETHUSDT_4h", fourHours.name());
		assertEquals(12, fourHours.size());
		assertTrue(fourHours.source().endsWith("ETHUSDT_1h.csv resampled to 4h"), fourHours.source());
	}

	@Test
	void unknownDataSaysWhatTheLibraryHolds() throws Exception {
		Library library = library();
		assertEquals("no data for XRPUSDT 1h in " + dir + " (it holds BTCUSDT_1m, BTCUSDT_5m, ETHUSDT_1h, SOLUSDT_5m)",
				assertThrows(IllegalArgumentException.class, () -> library.load("XRPUSDT", "1h")).getMessage());
		assertEquals("no data for ETHUSDT 30m in " + dir + " (it holds BTCUSDT_1m, BTCUSDT_5m, ETHUSDT_1h, SOLUSDT_5m)",
				assertThrows(IllegalArgumentException.class, () -> library.load("ETHUSDT", "30m")).getMessage());
	}

	@Test
	void strictModeRefusesJoinedMonthsWithAGapBetweenThem() throws Exception {
		klines("ADAUSDT-1m-2025-01.csv", 0, 100, 60_000);
		klines("ADAUSDT-1m-2025-02.csv", 110, 100, 60_000);
		Library strict = new Library(dir, OhlcvFiles.Options.DEFAULT.strict(true));
		assertEquals("ADAUSDT-1m-2025-01.csv and 1 more file, row 101, field 'timestamp': gap of 11 min after "
				+ "2025-01-01 01:39 UTC (1 gap, largest 11 min after 2025-01-01 01:39 UTC); strict mode refuses gaps",
				assertThrows(java.io.IOException.class, () -> strict.load("ADAUSDT", "1m")).getMessage());
		assertEquals(200, new Library(dir, OhlcvFiles.Options.DEFAULT).load("ADAUSDT", "1m").size());
	}

	@Test
	void aLoadGivesUpWhenTheStopIsRaised() throws Exception {
		klines("BIG_1m.csv", 0, 50_000, 60_000);
		Library library = new Library(dir, OhlcvFiles.Options.DEFAULT.haltedWhen(halted::get));
		halted.set(true);
		assertThrows(CancellationException.class, () -> library.load("BIG", "1m"));
		assertEquals(0, library.sizeBytes());
		assertEquals("not measured: the emergency stop halted it",
				library.list().stream().filter(s -> s.symbol().equals("BIG")).findFirst().orElseThrow().problem());
		halted.set(false);
		assertEquals(50_000, library.list().stream().filter(s -> s.symbol().equals("BIG")).findFirst().orElseThrow()
				.bars());
	}
}
