package io.backstop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feather files written here through Apache Arrow's Java library, read back as the same series as CSV. */
class OhlcvArrowTest {

	private static final long JAN_1_2025_SECONDS = 1_735_689_600L;

	@TempDir
	Path dir;

	private static OhlcvSeries load(Path file) throws Exception {
		return OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT);
	}

	private static String error(Path file) {
		return assertThrows(DataFormatException.class, () -> load(file)).getMessage();
	}

	/** A Feather file of {@code rows} rows with the given columns, each filled by its writer. */
	private Path feather(String name, int rows, List<Field> fields, BiConsumer<FieldVector, Integer> fill) throws Exception {
		Path file = dir.resolve(name);
		try (BufferAllocator allocator = new RootAllocator();
				VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
				FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
				ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
			writer.start();
			for (FieldVector vector : root.getFieldVectors()) {
				vector.setInitialCapacity(rows);
				vector.allocateNew();
				for (int i = 0; i < rows; i++) {
					fill.accept(vector, i);
				}
				vector.setValueCount(rows);
			}
			root.setRowCount(rows);
			writer.writeBatch();
			writer.end();
		}
		return file;
	}

	private static Field field(String name, ArrowType type) {
		return Field.nullable(name, type);
	}

	@Test
	void theSampleAsCsvAndAsFeatherLoadsAsOneSeries() throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		Path csv = dir.resolve("BTCUSDT_5m.csv");
		Path feather = dir.resolve("BTCUSDT_5m.feather");
		OhlcvCsv.write(sample, csv);
		OhlcvFiles.writeFeather(sample, feather);
		OhlcvSeries fromCsv = load(csv);
		OhlcvSeries fromFeather = load(feather);
		assertEquals(sample.fingerprint(), fromCsv.fingerprint());
		assertEquals(sample.fingerprint(), fromFeather.fingerprint());
		assertEquals("BTCUSDT_5m", fromFeather.name());
		assertEquals(feather.toAbsolutePath().toString(), fromFeather.source());
	}

	@Test
	void shortNamesEpochSecondsAndNarrowNumberTypesRead() throws Exception {
		ArrowType int64 = new ArrowType.Int(64, true);
		ArrowType float32 = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
		ArrowType int32 = new ArrowType.Int(32, true);
		Path file = feather("x.feather", 3, List.of(field("ts", int64), field("o", float32), field("h", float32),
				field("l", float32), field("c", float32), field("v", int32), field("note", ArrowType.Utf8.INSTANCE)),
				(vector, i) -> {
					switch (vector) {
					case BigIntVector t -> t.set(i, JAN_1_2025_SECONDS + 60L * i);
					case Float4Vector f -> f.set(i, f.getName().equals("h") ? 11.5f : f.getName().equals("l") ? 9.5f : 10.25f);
					case IntVector v -> v.set(i, i);
					case VarCharVector s -> s.setSafe(i, "n".getBytes());
					default -> throw new IllegalStateException(vector.toString());
					}
				});
		OhlcvSeries series = load(file);
		assertEquals(3, series.size());
		assertEquals(JAN_1_2025_SECONDS * 1000 + 60_000, series.timestamps()[1]);
		assertEquals(10.25, series.close()[2]);
		assertEquals(2.0, series.volume()[2]);
		assertEquals(false, series.tradable(0));
	}

	@Test
	void malformedFeatherFilesNameTheFileAndTheColumnOrRow() throws Exception {
		ArrowType float64 = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
		ArrowType int64 = new ArrowType.Int(64, true);
		BiConsumer<FieldVector, Integer> fill = (vector, i) -> {
			switch (vector) {
			case BigIntVector t -> t.set(i, JAN_1_2025_SECONDS + 60L * i);
			case org.apache.arrow.vector.Float8Vector f -> {
				if (f.getName().equals("close") && i == 1) {
					f.setNull(i);
				} else {
					f.set(i, 10);
				}
			}
			case VarCharVector s -> s.setSafe(i, "10.5".getBytes());
			default -> throw new IllegalStateException(vector.toString());
			}
		};
		Path noClose = feather("no-close.feather", 2, List.of(field("timestamp", int64), field("open", float64),
				field("high", float64), field("low", float64), field("volume", float64)), fill);
		assertEquals(noClose + ", field 'close': missing column 'close' (found: timestamp, open, high, low, volume)",
				error(noClose));
		Path stringPrices = feather("strings.feather", 2, List.of(field("timestamp", int64), field("open", float64),
				field("high", float64), field("low", float64), field("close", ArrowType.Utf8.INSTANCE),
				field("volume", float64)), fill);
		assertEquals(stringPrices + ", field 'close': column 'close' holds Utf8, not numbers", error(stringPrices));
		Path nullClose = feather("null.feather", 2, List.of(field("timestamp", int64), field("open", float64),
				field("high", float64), field("low", float64), field("close", float64), field("volume", float64)), fill);
		assertEquals(nullClose + ", row 2, field 'close': missing value", error(nullClose));

		// found by LoaderFuzz: seconds beyond what milliseconds in a long can hold
		Path farFuture = feather("far.feather", 2, List.of(field("timestamp",
				new ArrowType.Timestamp(org.apache.arrow.vector.types.TimeUnit.SECOND, null)), field("open", float64),
				field("high", float64), field("low", float64), field("close", float64), field("volume", float64)),
				(vector, i) -> {
					if (vector instanceof org.apache.arrow.vector.TimeStampSecVector seconds) {
						seconds.set(i, i == 0 ? JAN_1_2025_SECONDS : Long.MAX_VALUE / 10);
					} else {
						((org.apache.arrow.vector.Float8Vector) vector).set(i, 10);
					}
				});
		assertEquals(farFuture + ", row 2, field 'timestamp': " + Long.MAX_VALUE / 10 + " seconds is out of range",
				error(farFuture));

		Path garbage = Files.write(dir.resolve("garbage.feather"), "ARROW1 not really".getBytes());
		String message = error(garbage);
		assertTrue(message.startsWith(garbage + ": not a readable Feather (Arrow IPC) file: "), message);
		assertEquals(1, message.lines().count(), message);
	}

	/** Written by Apache Arrow JS with LZ4 frame body compression: {@code fixtures/make-fixtures.mjs}. */
	@Test
	void lz4CompressedFeatherLoadsTheSampleBars() throws Exception {
		Path file = Path.of("src/test/resources/feather/lz4.feather");
		OhlcvSeries series = load(file);
		OhlcvSeries expected = SampleData.loadBtcusdt5m().slice(0, 300);
		assertEquals(expected.withName(series.name(), series.source()).fingerprint(), series.fingerprint());
	}

	@Test
	void zstdCompressedFeatherWrittenByArrowJavaLoadsTheSampleBars() throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		Path plain = dir.resolve("plain.feather");
		OhlcvFiles.writeFeather(sample, plain);
		Path zstd = dir.resolve("zstd.feather");
		OhlcvArrow.write(sample, zstd, CompressionUtil.CodecType.ZSTD);
		// the bodies really are compressed: under half the plain file (0.39 of it)
		assertTrue(Files.size(zstd) * 2 < Files.size(plain), Files.size(zstd) + " bytes against " + Files.size(plain));
		OhlcvSeries series = load(zstd);
		assertEquals(sample.size(), series.size());
		assertArrayEquals(sample.timestamps(), series.timestamps());
		assertArrayEquals(sample.close(), series.close());
		assertEquals(sample.withName(series.name(), series.source()).fingerprint(), series.fingerprint());
	}

	@Test
	void aHaltedFeatherLoadGivesUp() throws Exception {
		Path file = dir.resolve("s.feather");
		OhlcvFiles.writeFeather(SampleData.loadBtcusdt5m(), file);
		assertThrows(CancellationException.class,
				() -> OhlcvFiles.load(file, OhlcvFiles.Options.DEFAULT.haltedWhen(() -> true)));
	}
}
