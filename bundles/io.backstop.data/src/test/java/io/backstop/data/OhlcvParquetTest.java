package io.backstop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parquet files written by DuckDB, a writer that shares no code with Hardwood, from the first 300
 * bars of the bundled sample, in three row groups of 100 rows: {@code fixtures/make-fixtures.mjs}
 * made them ({@code npm ci && npm run fixtures} in {@code fixtures/}). Each must load as the very
 * bars the sample's CSV holds, whatever its compression, column names, time unit or number type.
 */
class OhlcvParquetTest {

	private static final Path FIXTURES = Path.of("src/test/resources/parquet");

	/** The sample's first 300 bars, as its CSV file gives them. */
	private static final OhlcvSeries EXPECTED;
	static {
		try {
			EXPECTED = SampleData.loadBtcusdt5m().slice(0, 300);
		} catch (java.io.IOException e) {
			throw new java.io.UncheckedIOException(e);
		}
	}

	@TempDir
	Path dir;

	private static OhlcvSeries load(Path file) throws Exception {
		return OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT);
	}

	private static String error(String fixture) {
		Path file = FIXTURES.resolve(fixture);
		return assertThrows(DataFormatException.class, () -> load(file)).getMessage();
	}

	@Test
	void everyCompressionColumnNamingTimeUnitAndNumberTypeLoadsTheSampleBars() throws Exception {
		for (String fixture : new String[] { "uncompressed", "snappy", "zstd", "gzip", "epoch-millis",
				"epoch-seconds-decimal", "epoch-micros", "epoch-nanos", "timestamp-millis", "timestamp-nanos",
				"timestamp-local" }) {
			Path file = FIXTURES.resolve(fixture + ".parquet");
			OhlcvSeries series = load(file);
			assertEquals(fixture, series.name());
			assertEquals(file.toAbsolutePath().toString(), series.source());
			assertEquals(300, series.size(), fixture);
			assertArrayEquals(EXPECTED.timestamps(), series.timestamps(), fixture);
			assertArrayEquals(EXPECTED.close(), series.close(), fixture);
			assertEquals(EXPECTED.withName(fixture, series.source()).fingerprint(), series.fingerprint(), fixture);
		}
	}

	@Test
	void int32EpochSecondsAndFloatVolumeRead() throws Exception {
		// the file also holds an INT32 column "minute" that plays no role
		OhlcvSeries series = load(FIXTURES.resolve("int32-seconds-float.parquet"));
		assertArrayEquals(EXPECTED.timestamps(), series.timestamps());
		assertArrayEquals(EXPECTED.high(), series.high());
		double[] floatVolume = Arrays.stream(EXPECTED.volume()).map(v -> (float) v).toArray();
		assertArrayEquals(floatVolume, series.volume());
	}

	@Test
	void malformedParquetFilesNameTheFileAndTheColumnOrRow() throws Exception {
		Path dirOf = FIXTURES;
		assertEquals(dirOf.resolve("no-close.parquet")
				+ ", field 'close': missing column 'close' (found: timestamp, open, high, low, volume)",
				error("no-close.parquet"));
		assertEquals(dirOf.resolve("string-close.parquet")
				+ ", field 'close': column 'close' holds BYTE_ARRAY (STRING), not numbers",
				error("string-close.parquet"));
		// row 150 lies in the second row group
		assertEquals(dirOf.resolve("null-close.parquet") + ", row 150, field 'close': missing value",
				error("null-close.parquet"));
		assertEquals(dirOf.resolve("bad-bar.parquet") + ", row 250, field 'high': high " + (EXPECTED.low()[249] - 1)
				+ " is below low " + EXPECTED.low()[249], error("bad-bar.parquet"));
		assertEquals(dirOf.resolve("out-of-order.parquet") + ", row 120, field 'timestamp': timestamp "
				+ java.time.Instant.ofEpochMilli(EXPECTED.timestamps()[119] - 3_600_000) + " is before "
				+ java.time.Instant.ofEpochMilli(EXPECTED.timestamps()[118]) + " on row 119; timestamps must increase",
				error("out-of-order.parquet"));
		assertEquals(dirOf.resolve("lz4.parquet") + ": pages compressed with LZ4_RAW, which Backstop does not read"
				+ " (it reads uncompressed, SNAPPY, GZIP and ZSTD pages)", error("lz4.parquet"));

		Path text = Files.writeString(dir.resolve("text.parquet"), "timestamp,open,high,low,close,volume\n");
		String message = assertThrows(DataFormatException.class, () -> load(text)).getMessage();
		assertTrue(message.startsWith(text + ": not a readable Parquet file: "), message);
		assertEquals(1, message.lines().count(), message);
	}

	@Test
	void everyTruncationFailsInOneLine() throws Exception {
		byte[] good = Files.readAllBytes(FIXTURES.resolve("snappy.parquet"));
		Path file = dir.resolve("broken.parquet");
		for (int length = 0; length < good.length; length += 97) {
			Files.write(file, Arrays.copyOf(good, length));
			assertTrue(!loadsOrFailsInOneLine(file), length + " bytes loaded");
		}
	}

	@Test
	void aPageRunningPastItsColumnChunkIsRefusedInOneLineAndLaterLoadsStillWork() throws Exception {
		// found by flipping every byte of snappy.parquet: the page's size then overruns its column chunk,
		// which sent Hardwood into an endless loop on a virtual-thread carrier; once every carrier was
		// held so, no Parquet file loaded any more in the process
		byte[] flipped = Files.readAllBytes(FIXTURES.resolve("snappy.parquet"));
		flipped[1197] ^= (byte) 0x5A;
		Path corrupt = Files.write(dir.resolve("overrun.parquet"), flipped);
		int carriers = Runtime.getRuntime().availableProcessors();
		for (int load = 0; load <= carriers; load++) {
			DataFormatException refused = assertThrows(DataFormatException.class, () -> load(corrupt));
			assertEquals(corrupt + ", row 1: unreadable page: a page runs past the end of its column chunk"
					+ " (at byte 1735)", refused.getMessage());
		}
		OhlcvSeries good = load(FIXTURES.resolve("snappy.parquet"));
		assertArrayEquals(EXPECTED.close(), good.close());
	}

	@Test
	void aFooterStringClaimingGigabytesIsRefusedWithoutAllocatingThem() throws Exception {
		// found by LoaderFuzz: Hardwood allocates what a footer length claims before reading it,
		// so a flipped length ended in an OutOfMemoryError
		byte[] bytes = Files.readAllBytes(FIXTURES.resolve("snappy.parquet"));
		int footerLength = java.nio.ByteBuffer.wrap(bytes, bytes.length - 8, 4)
				.order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
		int footerStart = bytes.length - 8 - footerLength;
		// the schema's first column name: its length (9) and then "timestamp"
		int length = indexOf(bytes, "\ttimestamp".getBytes(java.nio.charset.StandardCharsets.US_ASCII), footerStart);
		byte[] claim = { (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07 }; // 2^31 - 1 as a varint
		System.arraycopy(claim, 0, bytes, length, claim.length);
		Path file = Files.write(dir.resolve("huge-string.parquet"), bytes);
		int after = length + claim.length - footerStart;
		assertEquals(file + ": not a readable Parquet file: its footer is corrupt at byte " + after
				+ ": a string of 2147483647 claims more than the " + (footerLength - after) + " bytes left",
				assertThrows(DataFormatException.class, () -> load(file)).getMessage());
	}

	@Test
	void aFooterThatHardwoodReadsOtherwiseThanItsTypesSayIsRefusedInOneLine() throws Exception {
		// found by LoaderFuzz (150,000 inputs in): a field of the footer turned from a structure into a
		// short and four bytes set to 0xFF; the walk by declared types passes it, but Hardwood reads a
		// list's elements as strings whatever type the list declares, and asked for an array larger
		// than the JVM allows (OutOfMemoryError)
		byte[] bytes = Files.readAllBytes(FIXTURES.resolve("snappy.parquet"));
		bytes[10822] = 0x34;
		Arrays.fill(bytes, 11827, 11831, (byte) 0xFF);
		Path file = Files.write(dir.resolve("retyped.parquet"), bytes);
		assertEquals(file + ": not a readable Parquet file: its footer claims a field larger than memory"
				+ " (Requested array size exceeds VM limit)",
				assertThrows(DataFormatException.class, () -> load(file)).getMessage());
	}

	@Test
	void aColumnChunkWithoutItsMetadataIsRefusedInOneLine() throws Exception {
		// found by LoaderFuzz: a zero at this byte, Thrift's stop, ends a column chunk's structure
		// before its metadata, which Hardwood then leaves null (it threw NullPointerException)
		byte[] bytes = Files.readAllBytes(FIXTURES.resolve("snappy.parquet"));
		bytes[10869] = 0;
		Path file = Files.write(dir.resolve("no-chunk-metadata.parquet"), bytes);
		assertEquals(file + ": unreadable footer: a required field is missing",
				assertThrows(DataFormatException.class, () -> load(file)).getMessage());
	}

	private static int indexOf(byte[] bytes, byte[] part, int from) {
		for (int i = from; i <= bytes.length - part.length; i++) {
			if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		throw new AssertionError("not found");
	}

	/** Whether the file loaded; a refusal must be one line naming the file. */
	private static boolean loadsOrFailsInOneLine(Path file) {
		try {
			load(file);
			return true;
		} catch (DataFormatException e) {
			assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
			assertEquals(1, e.getMessage().lines().count(), e.getMessage());
			return false;
		} catch (Exception e) {
			throw new AssertionError(file + ": not a DataFormatException", e);
		}
	}

	@Test
	void aHaltedParquetLoadGivesUp() {
		Path file = FIXTURES.resolve("zstd.parquet");
		CancellationException halted = assertThrows(CancellationException.class,
				() -> OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT.haltedWhen(() -> true)));
		assertTrue(halted.getMessage().startsWith("loading " + file + " was halted"), halted.getMessage());
	}
}
