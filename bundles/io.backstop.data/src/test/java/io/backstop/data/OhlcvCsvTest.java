package io.backstop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OhlcvCsvTest {

	@TempDir
	Path dir;

	private static OhlcvSeries parse(String text) throws DataFormatException {
		return OhlcvCsv.parse(text.getBytes(StandardCharsets.UTF_8), "f.csv", "f", "test");
	}

	private static String error(String text) {
		return assertThrows(DataFormatException.class, () -> parse(text)).getMessage();
	}

	@Test
	void parsesIsoWithZoneAnyColumnOrderAndCase() throws Exception {
		OhlcvSeries s = parse("Close,TIMESTAMP,open,High,low,Volume,extra\n"
				+ "10.5,2025-04-03 17:05:00+00:00,10,11,9.5,100,x\n"
				+ "\n"
				+ "11.25,2025-04-03T19:10:00+02:00,10.5,12,10,200.5,y\r\n");
		assertEquals(2, s.size());
		assertEquals(Instant.parse("2025-04-03T17:05:00Z").toEpochMilli(), s.timestamps()[0]);
		assertEquals(Instant.parse("2025-04-03T17:10:00Z").toEpochMilli(), s.timestamps()[1]);
		assertArrayEquals(new double[] { 10, 10.5 }, s.open());
		assertArrayEquals(new double[] { 11, 12 }, s.high());
		assertArrayEquals(new double[] { 9.5, 10 }, s.low());
		assertArrayEquals(new double[] { 10.5, 11.25 }, s.close());
		assertArrayEquals(new double[] { 100, 200.5 }, s.volume());
	}

	@Test
	void parsesIsoWithoutZoneAsUtcAndEpochSecondsAndMillis() throws Exception {
		String header = "timestamp,open,high,low,close,volume\n";
		long expected = Instant.parse("2025-04-03T17:05:00Z").toEpochMilli();
		assertEquals(expected, parse(header + "2025-04-03T17:05:00,1,1,1,1,1\n").timestamps()[0]);
		assertEquals(expected, parse(header + "2025-04-03 17:05,1,1,1,1,1\n").timestamps()[0]);
		assertEquals(expected, parse(header + "2025-04-03T17:05:00Z,1,1,1,1,1\n").timestamps()[0]);
		assertEquals(expected + 250, parse(header + "2025-04-03T17:05:00.250Z,1,1,1,1,1\n").timestamps()[0]);
		assertEquals(expected, parse(header + (expected / 1000) + ",1,1,1,1,1\n").timestamps()[0]);
		assertEquals(expected, parse(header + expected + ",1,1,1,1,1\n").timestamps()[0]);
		assertEquals(Instant.parse("2025-04-03T00:00:00Z").toEpochMilli(),
				parse(header + "2025-04-03,1,1,1,1,1\n").timestamps()[0]);
	}

	@Test
	void numbersParseExactlyAsDoubleParseDouble() throws Exception {
		Random random = new Random(7);
		StringBuilder csv = new StringBuilder("timestamp,open,high,low,close,volume\n");
		String[] values = new String[2000];
		for (int i = 0; i < values.length; i++) {
			String v = switch (i % 5) {
			case 0 -> Double.toString(random.nextDouble() * 100000);
			case 1 -> String.format(java.util.Locale.ROOT, "%.2f", random.nextDouble() * 90000);
			case 2 -> Double.toString(random.nextDouble() * 1e-7);
			case 3 -> "0.000" + random.nextInt(100000);
			default -> "12345678901234567890.5";
			};
			values[i] = v;
			csv.append(i + 1).append(",1,").append("1e30,0,").append(v).append(",1\n");
		}
		OhlcvSeries s = parse(csv.toString());
		for (int i = 0; i < values.length; i++) {
			assertEquals(Double.parseDouble(values[i]), s.close()[i], values[i]);
		}
	}

	@Test
	void emptyFile() {
		assertEquals("f.csv, line 1: empty file: expected a header with timestamp, open, high, low, close, volume",
				error(""));
		assertEquals("f.csv, line 2: empty file: expected a header with timestamp, open, high, low, close, volume",
				error("\n \n"));
		assertEquals("f.csv, line 2: no data rows after the header", error("timestamp,open,high,low,close,volume\n"));
	}

	@Test
	void missingColumn() {
		assertEquals(
				"f.csv, line 1, field 'volume': missing column 'volume' in the header (found: timestamp, open, high, low, close)",
				error("timestamp,open,high,low,close\n1,1,1,1,1\n"));
	}

	@Test
	void missingValue() {
		assertEquals("f.csv, line 3, field 'volume': missing value (the line has 5 fields, the header 6)",
				error("timestamp,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1,1,1\n"));
		assertEquals("f.csv, line 2, field 'close': missing value", error("timestamp,open,high,low,close,volume\n1,1,1,1,,1\n"));
	}

	@Test
	void nonNumericValue() {
		assertEquals("f.csv, line 3, field 'close': not a number: \"abc\"",
				error("timestamp,open,high,low,close,volume\n1,1,1,1,1,1\n2,1,1,1,abc,1\n"));
		assertEquals("f.csv, line 2, field 'open': not a number: \"1.2.3\"",
				error("timestamp,open,high,low,close,volume\n1,1.2.3,1,1,1,1\n"));
	}

	@Test
	void nanValue() {
		assertEquals("f.csv, line 2, field 'low': NaN is not allowed",
				error("timestamp,open,high,low,close,volume\n1,1,1,NaN,1,1\n"));
		assertEquals("f.csv, line 2, field 'volume': infinite value is not allowed",
				error("timestamp,open,high,low,close,volume\n1,1,1,1,1,Infinity\n"));
	}

	@Test
	void highBelowLow() {
		assertEquals("f.csv, line 2, field 'high': high 99.5 is below low 100.0",
				error("timestamp,open,high,low,close,volume\n1,100,99.5,100,100,1\n"));
	}

	@Test
	void negativeVolume() {
		assertEquals("f.csv, line 3, field 'volume': volume -3.0 is negative",
				error("timestamp,open,high,low,close,volume\n1,100,101,99,100,1\n2,100,101,99,100,-3\n"));
	}

	@Test
	void zeroVolumeIsAccepted() throws Exception {
		assertEquals(1, parse("timestamp,open,high,low,close,volume\n1,100,101,99,100,0\n").size());
	}

	@Test
	void negativePrice() {
		assertEquals("f.csv, line 2, field 'low': low -1.0 is negative",
				error("timestamp,open,high,low,close,volume\n1,1,2,-1,1,1\n"));
		assertEquals("f.csv, line 2, field 'open': open -0.5 is negative",
				error("timestamp,open,high,low,close,volume\n1,-0.5,2,1,1,1\n"));
	}

	@Test
	void closeAboveHigh() {
		assertEquals("f.csv, line 2, field 'close': close 101.5 is above high 101.0",
				error("timestamp,open,high,low,close,volume\n1,100,101,99,101.5,1\n"));
	}

	@Test
	void openBelowLow() {
		assertEquals("f.csv, line 2, field 'open': open 98.0 is below low 99.0",
				error("timestamp,open,high,low,close,volume\n1,98,101,99,100,1\n"));
	}

	@Test
	void columnsInAnyOrderAreCheckedByName() {
		assertEquals("f.csv, line 2, field 'close': close 5.0 is above high 4.0",
				error("close,volume,timestamp,low,high,open\n5,1,1,2,4,3\n"));
	}

	@Test
	void timestampsNotIncreasing() {
		assertEquals("f.csv, line 4, field 'timestamp': timestamp 2025-04-03T17:00:00Z is before "
				+ "2025-04-03T17:05:00Z on line 3; timestamps must increase",
				error("timestamp,open,high,low,close,volume\n2025-04-03 16:55:00,1,1,1,1,1\n"
						+ "2025-04-03 17:05:00,1,1,1,1,1\n2025-04-03 17:00:00,1,1,1,1,1\n"));
	}

	@Test
	void duplicateTimestamps() {
		assertEquals("f.csv, line 4, field 'timestamp': duplicate timestamp 2025-04-03T17:05:00Z (also on line 2)",
				error("timestamp,open,high,low,close,volume\n2025-04-03 17:05:00,1,1,1,1,1\n\n"
						+ "2025-04-03T17:05:00Z,1,1,1,1,1\n"));
	}

	@Test
	void badTimestamp() {
		assertEquals("f.csv, line 2, field 'timestamp': not a date-time or epoch number: \"yesterday\"",
				error("timestamp,open,high,low,close,volume\nyesterday,1,1,1,1,1\n"));
	}

	@Test
	void fileMessagesNameThePath() throws IOException {
		Path file = dir.resolve("bad.csv");
		Files.writeString(file, "timestamp,open,high,low,close,volume\n1,1,1,1,x,1\n");
		DataFormatException e = assertThrows(DataFormatException.class, () -> OhlcvCsv.load(file));
		assertEquals(file + ", line 2, field 'close': not a number: \"x\"", e.getMessage());
		assertEquals(2, e.line());
		assertEquals("close", e.field());
		assertEquals(file.toString(), e.file());
	}

	@Test
	void writeThenLoadRoundTripsWithSameFingerprint() throws IOException {
		OhlcvSeries s = SyntheticSeries.generate(3, 500);
		Path file = dir.resolve("synthetic.csv");
		OhlcvCsv.write(s, file);
		OhlcvSeries back = OhlcvCsv.load(file);
		assertEquals("synthetic", back.name());
		assertEquals(s.fingerprint(), back.fingerprint());
	}

	@Test
	void sampleLoads() throws IOException {
		OhlcvSeries s = SampleData.loadBtcusdt5m();
		assertEquals(25_920, s.size());
		assertEquals("BTCUSDT_5m", s.name());
		assertEquals(Instant.parse("2025-04-03T17:05:00Z").toEpochMilli(), s.firstTimestamp());
		assertEquals(Instant.parse("2025-07-02T17:00:00Z").toEpochMilli(), s.lastTimestamp());
		assertEquals(300_000L, s.barIntervalMillis());
		assertTrue(SampleData.btcusdt5mUrl().isPresent());
	}

	@Test
	void syntheticIsDeterministicAndValid() {
		OhlcvSeries a = SyntheticSeries.generate(42, 10_000);
		OhlcvSeries b = SyntheticSeries.generate(42, 10_000);
		assertEquals(a.fingerprint(), b.fingerprint());
		assertEquals(64, a.fingerprint().length());
		assertNotEquals(a.fingerprint(), SyntheticSeries.generate(43, 10_000).fingerprint());
		for (int i = 0; i < a.size(); i++) {
			assertTrue(a.low()[i] <= Math.min(a.open()[i], a.close()[i]));
			assertTrue(a.high()[i] >= Math.max(a.open()[i], a.close()[i]));
		}
	}

	@Test
	void loadsAMillionRows() throws IOException {
		// correctness at size; the time is reported by the benchmark, not asserted here
		OhlcvSeries raw = SyntheticSeries.generate(1, 1_000_000);
		// exchange-like precision: BTC-like prices with one decimal, volume in thousandths
		OhlcvSeries s = new OhlcvSeries("m", "m", raw.timestamps(), tenths(raw.open()), tenths(raw.high()),
				tenths(raw.low()), tenths(raw.close()), thousandths(raw.volume()));
		Path file = dir.resolve("million.csv");
		OhlcvCsv.write(s, file);
		long t0 = System.nanoTime();
		OhlcvSeries back = OhlcvCsv.load(file);
		long ms = (System.nanoTime() - t0) / 1_000_000;
		System.out.println("Loaded 1,000,000 rows (" + Files.size(file) / (1024 * 1024) + " MiB) in " + ms + " ms");
		assertEquals(1_000_000, back.size());
		assertArrayEquals(s.close(), back.close());
		assertArrayEquals(s.timestamps(), back.timestamps());
	}

	private static double[] tenths(double[] x) {
		double[] y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			y[i] = Math.round(x[i] * 1000) / 10.0;
		}
		return y;
	}

	private static double[] thousandths(double[] x) {
		double[] y = new double[x.length];
		for (int i = 0; i < x.length; i++) {
			y[i] = Math.round(x[i] * 1000) / 1000.0;
		}
		return y;
	}
}
