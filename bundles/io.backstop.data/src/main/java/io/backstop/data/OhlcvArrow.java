package io.backstop.data;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads and writes Feather (version 2) files, which are Arrow IPC files, through Apache Arrow's
 * Java library. Columns are found by the names {@link OhlcvCsv} accepts; the time column may be an
 * Arrow timestamp of any unit (with or without zone) or an integer of epoch seconds, milliseconds,
 * microseconds or nanoseconds; prices and volume any floating point, integer or decimal column.
 * Record batches may be compressed with LZ4 frames or ZSTD (pyarrow's default is LZ4), through
 * Arrow's compression module (commons-compress and zstd-jni).
 */
final class OhlcvArrow {

	/** Arrow's off-heap memory for one file at most. */
	private static final long MAX_MEMORY = 8L << 30;

	private OhlcvArrow() {
	}

	static OhlcvSeries load(Path file, String seriesName, OhlcvFiles.Options options) throws IOException {
		String name = file.toString();
		requireMemoryAccess(name);
		// a batch is read whole into memory: an uncompressed one needs no more than the file's size, a
		// compressed one no more than a few times that (pyarrow writes batches of 64 Ki rows, 3 MiB unpacked)
		try (BufferAllocator allocator = allocator(4 * java.nio.file.Files.size(file) + (64L << 20));
				FileChannel channel = FileChannel.open(file);
				ArrowFileReader reader = new ArrowFileReader(channel, allocator, CommonsCompressionFactory.INSTANCE)) {
			Schema schema;
			try {
				schema = reader.getVectorSchemaRoot().getSchema();
			} catch (IOException | RuntimeException e) {
				throw DataFormatException.inRow(name, 0, null, "not a readable Feather (Arrow IPC) file: " + reason(e));
			}
			int[] columnOfRole = columns(name, schema);
			BarColumns bars = new BarColumns(16_384);
			while (true) {
				boolean loaded;
				try {
					loaded = reader.loadNextBatch();
				} catch (IOException | RuntimeException e) {
					throw DataFormatException.inRow(name, bars.size + 1, null, "unreadable record batch: " + reason(e));
				}
				if (!loaded) {
					break;
				}
				if (options.halted().getAsBoolean()) {
					throw new CancellationException("loading " + name + " was halted at row " + bars.size);
				}
				try {
					append(name, bars, reader.getVectorSchemaRoot(), columnOfRole);
				} catch (RuntimeException e) {
					// buffers whose lengths or offsets the file misstates
					throw DataFormatException.inRow(name, bars.size + 1, null, "unreadable record batch: " + reason(e));
				}
			}
			if (bars.size == 0) {
				throw DataFormatException.inRow(name, 0, null, "no rows");
			}
			return bars.series(seriesName, file.toAbsolutePath().toString());
		}
	}

	/** Arrow reaches off-heap memory through java.nio's internals, which the JVM must open to it. */
	private static void requireMemoryAccess(String file) throws IOException {
		if (!Object.class.getModule().isOpen("java.nio", OhlcvArrow.class.getModule())) {
			throw new IOException(file + ": Feather files need the JVM option --add-opens=java.base/java.nio=ALL-UNNAMED"
					+ " (./backstop sets it)");
		}
	}

	/**
	 * Writes a series as a Feather file: timestamp (ms, UTC) and five double columns, in record
	 * batches of 65,536 rows whose bodies {@code compression} compresses (Arrow's own codecs).
	 */
	static void write(OhlcvSeries series, Path file, CompressionUtil.CodecType compression) throws IOException {
		requireMemoryAccess(file.toString());
		List<Field> fields = new ArrayList<>();
		fields.add(Field.nullable("timestamp", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")));
		for (String column : OhlcvCsv.COLUMNS.subList(1, 6)) {
			fields.add(Field.nullable(column, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
		}
		double[][] values = { series.open(), series.high(), series.low(), series.close(), series.volume() };
		try (BufferAllocator allocator = allocator(MAX_MEMORY);
				VectorSchemaRoot root = VectorSchemaRoot.create(new Schema(fields), allocator);
				FileChannel channel = FileChannel.open(file, java.nio.file.StandardOpenOption.CREATE,
						java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING);
				ArrowFileWriter writer = new ArrowFileWriter(root, null, channel, null, IpcOption.DEFAULT,
						compression == CompressionUtil.CodecType.NO_COMPRESSION ? NoCompressionCodec.Factory.INSTANCE
								: CommonsCompressionFactory.INSTANCE,
						compression)) {
			writer.start();
			int batchRows = 65_536;
			for (int from = 0; from < series.size(); from += batchRows) {
				int rows = Math.min(batchRows, series.size() - from);
				TimeStampVector time = (TimeStampVector) root.getVector(0);
				time.allocateNew(rows);
				for (int i = 0; i < rows; i++) {
					time.set(i, series.timestamps()[from + i]);
				}
				for (int c = 0; c < 5; c++) {
					Float8Vector column = (Float8Vector) root.getVector(c + 1);
					column.allocateNew(rows);
					for (int i = 0; i < rows; i++) {
						column.set(i, values[c][from + i]);
					}
				}
				root.setRowCount(rows);
				writer.writeBatch();
			}
			writer.end();
		}
	}

	private static BufferAllocator allocator(long limit) {
		return new RootAllocator(Math.min(limit, MAX_MEMORY));
	}

	private static String reason(Throwable e) {
		return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
	}

	/** The schema's column for each role (timestamp, open, high, low, close, volume), each of a type it can be. */
	private static int[] columns(String file, Schema schema) throws DataFormatException {
		List<Field> fields = schema.getFields();
		int[] columnOfRole = BarColumns.columnOfRole(file, fields.stream().map(Field::getName).toList());
		for (int role = 0; role < 6; role++) {
			ArrowType type = fields.get(columnOfRole[role]).getType();
			boolean numeric = type instanceof ArrowType.FloatingPoint || type instanceof ArrowType.Int
					|| type instanceof ArrowType.Decimal;
			boolean time = type instanceof ArrowType.Timestamp || type instanceof ArrowType.Int;
			if (role == 0 ? !time : !numeric) {
				throw DataFormatException.inRow(file, 0, OhlcvCsv.COLUMNS.get(role), "column '"
						+ fields.get(columnOfRole[role]).getName() + "' holds " + type
						+ (role == 0 ? ", not timestamps or epoch numbers" : ", not numbers"));
			}
		}
		return columnOfRole;
	}

	/** Copies a record batch into the bars' columns and checks its bars. */
	private static void append(String file, BarColumns bars, VectorSchemaRoot batch, int[] columnOfRole)
			throws DataFormatException {
		int rows = batch.getRowCount();
		bars.ensureRoom(rows);
		int size = bars.size;
		FieldVector time = batch.getVector(columnOfRole[0]);
		for (int i = 0; i < rows; i++) {
			int row = size + i + 1;
			if (time.isNull(i)) {
				throw DataFormatException.inRow(file, row, "timestamp", "missing value");
			}
			bars.ts[size + i] = millis(file, row, time, i);
		}
		for (int role = 1; role < 6; role++) {
			FieldVector vector = batch.getVector(columnOfRole[role]);
			double[] into = bars.values[role - 1];
			String column = OhlcvCsv.COLUMNS.get(role);
			for (int i = 0; i < rows; i++) {
				if (vector.isNull(i)) {
					throw DataFormatException.inRow(file, size + i + 1, column, "missing value");
				}
				into[size + i] = number(vector, i);
			}
		}
		bars.accept(file, rows);
	}

	private static long millis(String file, int row, FieldVector time, int i) throws DataFormatException {
		if (time instanceof TimeStampVector stamps) {
			long v = stamps.get(i);
			TimeUnit unit = ((ArrowType.Timestamp) time.getField().getType()).getUnit();
			if (unit == TimeUnit.SECOND && Math.abs(v) > Long.MAX_VALUE / 1000) {
				throw DataFormatException.inRow(file, row, "timestamp", v + " seconds is out of range");
			}
			return switch (unit) {
			case SECOND -> v * 1000L;
			case MILLISECOND -> v;
			case MICROSECOND -> Math.floorDiv(v, 1000L);
			case NANOSECOND -> Math.floorDiv(v, 1_000_000L);
			};
		}
		long v = time instanceof BigIntVector longs ? longs.get(i) : ((Number) time.getObject(i)).longValue();
		return Bars.epochMillis(v);
	}

	private static double number(FieldVector vector, int i) {
		if (vector instanceof Float8Vector doubles) {
			return doubles.get(i);
		}
		Object value = vector.getObject(i);
		return value instanceof BigDecimal decimal ? decimal.doubleValue() : ((Number) value).doubleValue();
	}
}
