package io.backstop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading the files users arrive with: column variants, exchange klines, zip archives, joins, strict mode. */
class OhlcvFilesTest {

	private static final long JAN_1_2025 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();
	private static final long MINUTE = 60_000;

	@TempDir
	Path dir;

	private Path write(String name, String text) throws IOException {
		Path file = dir.resolve(name);
		Files.writeString(file, text);
		return file;
	}

	private static OhlcvSeries load(Path file) throws IOException {
		return OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT);
	}

	private static String error(Path file, OhlcvFiles.Options options) {
		return assertThrows(DataFormatException.class, () -> OhlcvFiles.load(file, options)).getMessage();
	}

	/** Binance's 12-column kline line for minute {@code minute} after 2025-01-01. */
	private static String kline(int minute, double close, double volume) {
		long open = JAN_1_2025 + minute * MINUTE;
		return open + "," + (close - 1) + "," + (close + 2) + "," + (close - 2) + "," + close + "," + volume + ","
				+ (open + MINUTE - 1) + ",768978.4245,1658,3.37343,315592.53009300,0\n";
	}

	private static String klines(int fromMinute, int count) {
		StringBuilder text = new StringBuilder();
		for (int m = fromMinute; m < fromMinute + count; m++) {
			text.append(kline(m, 100 + m, m % 7 == 0 ? 0 : 1.5 + m));
		}
		return text.toString();
	}

	private Path zip(String name, String... entryNamesAndTexts) throws IOException {
		Path file = dir.resolve(name);
		try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
			for (int i = 0; i < entryNamesAndTexts.length; i += 2) {
				zip.putNextEntry(new ZipEntry(entryNamesAndTexts[i]));
				zip.write(entryNamesAndTexts[i + 1].getBytes(StandardCharsets.UTF_8));
				zip.closeEntry();
			}
		}
		return file;
	}

	@Test
	void shortColumnNamesAndEpochSecondsReadAsTheFullOnes() throws Exception {
		OhlcvSeries full = load(write("a.csv", "timestamp,open,high,low,close,volume\n"
				+ "2025-01-01T00:00:00Z,10,11,9,10.5,100\n2025-01-01T00:01:00Z,10.5,12,10,11,0\n"));
		OhlcvSeries shortNames = load(write("b.csv",
				"ts,o,h,l,c,v\n" + (JAN_1_2025 / 1000) + ",10,11,9,10.5,100\n" + (JAN_1_2025 / 1000 + 60) + ",10.5,12,10,11,0\n"));
		OhlcvSeries capitalisedMillis = load(write("c.csv",
				"Time,Open,High,Low,Close,Volume\n" + JAN_1_2025 + ",10,11,9,10.5,100\n" + (JAN_1_2025 + MINUTE)
						+ ",10.5,12,10,11,0\n"));
		assertEquals(full.fingerprint(), shortNames.fingerprint());
		assertEquals(full.fingerprint(), capitalisedMillis.fingerprint());
		assertEquals("b", shortNames.name());
	}

	@Test
	void headerlessBinanceKlinesUseTheFirstSixColumns() throws Exception {
		OhlcvSeries series = load(write("BTCUSDT-1m-2025-01.csv", klines(0, 3)));
		assertEquals(3, series.size());
		assertEquals(JAN_1_2025 + MINUTE, series.timestamps()[1]);
		assertArrayEquals(new double[] { 100, 101, 102 }, series.close());
		assertArrayEquals(new double[] { 0, 2.5, 3.5 }, series.volume());
		assertArrayEquals(new double[] { 99, 100, 101 }, series.open());
	}

	@Test
	void binanceMicrosecondOpenTimesReadAsMilliseconds() throws Exception {
		long micros = JAN_1_2025 * 1000;
		OhlcvSeries series = load(write("x.csv", micros + ",1,2,0.5,1.5,3," + (micros + 59_999_999) + ",1,1,1,1,0\n"));
		assertEquals(JAN_1_2025, series.firstTimestamp());
	}

	@Test
	void malformedKlinesNameFileLineAndField() throws Exception {
		assertEquals(dir.resolve("k.csv") + ", line 1: a header-less kline line needs at least 6 fields "
				+ "(open time, open, high, low, close, volume), found 4",
				error(write("k.csv", "1735689600000,1,2,3\n"), OhlcvFiles.Options.DEFAULT));
		assertEquals(dir.resolve("k2.csv") + ", line 2, field 'close': not a number: \"abc\"",
				error(write("k2.csv", kline(0, 100, 1) + kline(1, 100, 1).replace(",101.0,", ",abc,").replace(",100.0,", ",abc,")),
						OhlcvFiles.Options.DEFAULT));
		// found by LoaderFuzz: a time of a dot alone, and an epoch of 19 digits beyond a long
		assertEquals(dir.resolve("k4.csv") + ", line 2, field 'timestamp': not a date-time or epoch number: \".\"",
				error(write("k4.csv", kline(0, 100, 1) + ".,1,2,0.5,1.5,3,0,1,1,1,1,0\n"), OhlcvFiles.Options.DEFAULT));
		assertEquals(dir.resolve("k3.csv") + ", line 1, field 'timestamp': not a date-time or epoch number: \"9999999999999531777\"",
				error(write("k3.csv", "9999999999999531777,1,2,0.5,1.5,3,0,1,1,1,1,0\n"), OhlcvFiles.Options.DEFAULT));
	}

	@Test
	void aZipOfMonthlyKlinesJoinsItsEntriesInTimeOrder() throws Exception {
		Path archive = zip("BTCUSDT-1m.zip", "BTCUSDT-1m-2025-02.csv", klines(50, 50), "readme.txt", "not data",
				"BTCUSDT-1m-2025-01.csv", klines(0, 50));
		OhlcvSeries series = load(archive);
		assertEquals(100, series.size());
		assertEquals("BTCUSDT-1m", series.name());
		assertEquals(archive.toAbsolutePath().toString(), series.source());
		for (int i = 0; i < 100; i++) {
			assertEquals(JAN_1_2025 + i * MINUTE, series.timestamps()[i]);
		}
	}

	@Test
	void brokenArchivesSayWhatIsWrongInOneLine() throws Exception {
		Path corrupt = write("bad.zip", "PK\u0003\u0004 this is not really a zip archive at all");
		String message = error(corrupt, OhlcvFiles.Options.DEFAULT);
		assertTrue(message.startsWith(corrupt + ": not a readable zip archive"), message);
		assertFalse(message.contains("\n"), message);
		assertEquals(dir.resolve("empty.zip") + ": the archive holds no .csv file",
				error(zip("empty.zip", "notes.txt", "hello"), OhlcvFiles.Options.DEFAULT));
		assertEquals(dir.resolve("row.zip") + "!m.csv, line 2, field 'high': high 0.5 is below low 98.0",
				error(zip("row.zip", "m.csv", kline(0, 100, 1) + kline(1, 100, 1).replace(",102.0,", ",0.5,")),
						OhlcvFiles.Options.DEFAULT));
	}

	@Test
	void aZipCutShortAnywhereIsRefusedInOneLineOrLoads() throws Exception {
		byte[] whole = Files.readAllBytes(zip("whole.zip", "m.csv", klines(0, 20)));
		Path cut = dir.resolve("cut.zip");
		int loaded = 0;
		for (int length = 0; length < whole.length; length++) {
			Files.write(cut, java.util.Arrays.copyOf(whole, length));
			try {
				load(cut);
				loaded++;
			} catch (DataFormatException e) {
				assertTrue(e.getMessage().startsWith(cut.toString()) && !e.getMessage().contains("\n"), e.getMessage());
			}
		}
		assertEquals(0, loaded, "no cut archive loads");
	}

	@Test
	void qualityCountsGapsTheLargestAndZeroVolumeBars() throws Exception {
		// minutes 0-9, then 20-29 (a 11-minute space), then 32-39 (3 minutes: a gap too), minute 40 follows
		OhlcvSeries series = load(write("g.csv", klines(0, 10) + klines(20, 10) + klines(32, 9)));
		DataQuality quality = DataQuality.of(series);
		assertEquals(29, quality.bars());
		assertEquals("1m", quality.timeframe().label());
		assertEquals(2, quality.gaps());
		assertEquals(11 * MINUTE, quality.largestGapMillis());
		assertEquals(JAN_1_2025 + 9 * MINUTE, quality.largestGapAfter());
		// minutes 0, 7, 21, 28, 35 have zero volume in klines()
		assertEquals(5, quality.zeroVolumeBars());
		assertFalse(series.tradable(0));
		assertTrue(series.tradable(1));
		assertEquals("2 gaps, largest 11 min after 2025-01-01 00:09 UTC; 5 zero-volume bars (untradable)",
				quality.describe());
	}

	@Test
	void strictModeRefusesAGapNamingItsRow() throws Exception {
		Path file = write("g.csv", klines(0, 10) + klines(20, 10));
		assertEquals(file + ", row 11, field 'timestamp': gap of 11 min after 2025-01-01 00:09 UTC "
				+ "(1 gap, largest 11 min after 2025-01-01 00:09 UTC); strict mode refuses gaps",
				error(file, OhlcvFiles.Options.DEFAULT.strict(true)));
		assertEquals(20, load(file).size());
		assertEquals(10, OhlcvFiles.load(write("ok.csv", klines(0, 10)), OhlcvFiles.Options.DEFAULT.strict(true)).size());
	}

	@Test
	void joinKeepsEqualOverlapsOnceAndRefusesDifferentOnes() throws Exception {
		OhlcvSeries january = load(write("a.csv", klines(0, 30)));
		OhlcvSeries overlapping = load(write("b.csv", klines(25, 30)));
		OhlcvSeries joined = OhlcvFiles.join("X_1m", List.of(overlapping, january));
		assertEquals(55, joined.size());
		assertEquals(JAN_1_2025 + 54 * MINUTE, joined.lastTimestamp());
		assertEquals(january.source() + " + " + overlapping.source(), joined.source());

		OhlcvSeries different = load(write("c.csv", klines(25, 1).replace(",125.0,", ",125.5,") + klines(26, 5)));
		String message = assertThrows(DataFormatException.class, () -> OhlcvFiles.join("X_1m", List.of(january, different)))
				.getMessage();
		assertEquals(different.source() + ", row 1, field 'close': overlaps " + january.source()
				+ " with a different bar at 2025-01-01 00:25 UTC: close 125.5 here, 125.0 there", message);

		OhlcvSeries hourly = load(write("d.csv", "ts,o,h,l,c,v\n" + (JAN_1_2025 + 3_600_000L * 2) + ",1,1,1,1,1\n"
				+ (JAN_1_2025 + 3_600_000L * 3) + ",1,1,1,1,1\n"));
		message = assertThrows(DataFormatException.class, () -> OhlcvFiles.join("X", List.of(january, hourly))).getMessage();
		assertTrue(message.endsWith("bars are 1h apart, those of " + january.source()
				+ " 1m: files of one series must share a timeframe"), message);
	}

	@Test
	void aHaltedLoadGivesUp() throws Exception {
		Path file = write("big.csv", klines(0, 20_000));
		AtomicInteger asked = new AtomicInteger();
		CancellationException halted = assertThrows(CancellationException.class,
				() -> OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT.haltedWhen(() -> asked.incrementAndGet() > 1)));
		assertTrue(halted.getMessage().contains("big.csv was halted at line 8192"), halted.getMessage());
	}

	@Test
	void unknownExtensionsAreNamed() throws Exception {
		assertEquals(dir.resolve("x.xlsx") + ": unknown format '.xlsx': Backstop reads csv, zip, parquet, feather, arrow",
				error(write("x.xlsx", "whatever"), OhlcvFiles.Options.DEFAULT));
	}

	/**
	 * A zip whose directory claims an entry of 4 GiB (a zip bomb announces itself so, or a wrong file) is
	 * refused before anything is unpacked, in one line naming the entry and both sizes.
	 */
	@Test
	void anEntryLargerThanTheCapIsRefusedBeforeItIsUnpacked() throws Exception {
		Path zip = dir.resolve("bomb.zip");
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			out.putNextEntry(new ZipEntry("m.csv"));
			out.write("timestamp,open,high,low,close,volume\n2025-01-01 00:00,1,2,0.5,1.5,10\n".getBytes(StandardCharsets.UTF_8));
			out.closeEntry();
		}
		long claimed = 0xFFFF_FFF0L;
		claimUnpackedSize(zip, claimed);
		String message = error(zip, OhlcvFiles.Options.DEFAULT);
		long cap = Math.min(Integer.MAX_VALUE - 64, Runtime.getRuntime().maxMemory() / 4);
		assertEquals(String.format("%s!m.csv: %,d bytes is more than one entry may hold (%,d)", zip, claimed, cap),
				message);
	}

	/** Sets the unpacked size the zip's directory states for its (last) entry. */
	private static void claimUnpackedSize(Path zip, long claimed) throws IOException {
		byte[] bytes = Files.readAllBytes(zip);
		int central = -1;
		for (int i = bytes.length - 46; i >= 0 && central < 0; i--) {
			if (bytes[i] == 0x50 && bytes[i + 1] == 0x4b && bytes[i + 2] == 0x01 && bytes[i + 3] == 0x02) {
				central = i;
			}
		}
		for (int k = 0; k < 4; k++) {
			bytes[central + 24 + k] = (byte) (claimed >>> (8 * k));
		}
		Files.write(zip, bytes);
	}

	/**
	 * A real zip bomb: an entry of 4 MiB that deflates to a few KiB, its directory claiming 100 bytes.
	 * Unpacking stops at the archive's cap (here 64 KiB) and the archive is refused in one line.
	 */
	@Test
	void anEntryUnpackingPastTheCapDespiteItsDirectoryIsRefused() throws Exception {
		String header = "timestamp,open,high,low,close,volume\n";
		Path zip = zip("bomb.zip", "m.csv", header + "2025-01-01 00:00,1,2,0.5,1.5,10\n".repeat(4 << 20 >> 5));
		assertTrue(Files.size(zip) < 64 << 10, Files.size(zip) + " bytes");
		claimUnpackedSize(zip, 100);
		String message = assertThrows(DataFormatException.class,
				() -> OhlcvFiles.loadZip(zip, "m", OhlcvFiles.Options.DEFAULT, 64 << 10, 10)).getMessage();
		assertEquals(zip + "!m.csv: unpacks to more than its directory claims and the archive may hold in all"
				+ " (65,536 bytes)", message);
	}

	/** Entries each under the cap that together pass it are refused before any is unpacked. */
	@Test
	void entriesPassingTheCapTogetherAreRefused() throws Exception {
		String header = "timestamp,open,high,low,close,volume\n";
		String month = header + "2025-01-01 00:00,1,2,0.5,1.5,10\n".repeat(20);
		Path zip = zip("months.zip", "a.csv", month, "b.csv", month, "c.csv", month);
		long cap = 2 * month.length();
		String message = assertThrows(DataFormatException.class,
				() -> OhlcvFiles.loadZip(zip, "m", OhlcvFiles.Options.DEFAULT, cap, 10)).getMessage();
		assertEquals(String.format("%s: its .csv entries unpack to %,d bytes, more than an archive may hold in all (%,d)",
				zip, 3 * month.length(), cap), message);
	}

	/** More .csv entries than the cap (10,000 in Backstop; 3 here) are refused in one line. */
	@Test
	void moreEntriesThanTheCapAreRefused() throws Exception {
		String bar = "timestamp,open,high,low,close,volume\n2025-01-01 00:00,1,2,0.5,1.5,10\n";
		Path zip = zip("many.zip", "a.csv", bar, "b.csv", bar, "c.csv", bar, "d.csv", bar, "notes.txt", "ignored");
		String message = assertThrows(DataFormatException.class,
				() -> OhlcvFiles.loadZip(zip, "m", OhlcvFiles.Options.DEFAULT, 1 << 20, 3)).getMessage();
		assertEquals(zip + ": 4 .csv entries is more than an archive may hold (3)", message);
	}
}
