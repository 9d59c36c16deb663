package io.backstop.data;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
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
 * Buffers compressed with LZ4 or ZSTD (pyarrow's default) are not read: such files are named as
 * such in one line; {@code pyarrow.feather.write_feather(df, path, compression="uncompressed")}
 * writes what this reads.
 */
final class OhlcvArrow {

	/** Arrow's off-heap memory for one file at most. */
	private static final long MAX_MEMORY = 8L << 30;

	private OhlcvArrow() {
	}

	static OhlcvSeries load(Path file, String seriesName, OhlcvFiles.Options options) throws IOException {
		String name = file.toString();
		requireMemoryAccess(name);
		// a batch is read whole into one buffer: no honest file asks for more than its own size
		try (BufferAllocator allocator = allocator(java.nio.file.Files.size(file) + (16L << 20));
				FileChannel channel = FileChannel.open(file);
				ArrowFileReader reader = new ArrowFileReader(channel, allocator)) {
			Schema schema;
			try {
				schema = reader.getVectorSchemaRoot().getSchema();
			} catch (IOException | RuntimeException e) {
				throw DataFormatException.inRow(name, 0, null, "not a readable Feather (Arrow IPC) file: " + reason(e));
			}
			int[] columnOfRole = columns(name, schema);
			Columns out = new Columns(16_384);
			int row = 0;
			while (true) {
				boolean loaded;
				try {
					loaded = reader.loadNextBatch();
				} catch (IOException | RuntimeException e) {
					throw DataFormatException.inRow(name, row + 1, null, "unreadable record batch: " + reason(e));
				}
				if (!loaded) {
					break;
				}
				if (options.halted().getAsBoolean()) {
					throw new CancellationException("loading " + name + " was halted at row " + row);
				}
				VectorSchemaRoot batch = reader.getVectorSchemaRoot();
				try {
					row = out.append(name, row, batch, columnOfRole);
				} catch (RuntimeException e) {
					// buffers whose lengths or offsets the file misstates
					throw DataFormatException.inRow(name, row + 1, null, "unreadable record batch: " + reason(e));
				}
			}
			if (out.size == 0) {
				throw DataFormatException.inRow(name, 0, null, "no rows");
			}
			return out.series(seriesName, file.toAbsolutePath().toString());
		}
	}

	/** Arrow reaches off-heap memory through java.nio's internals, which the JVM must open to it. */
	private static void requireMemoryAccess(String file) throws IOException {
		if (!Object.class.getModule().isOpen("java.nio", OhlcvArrow.class.getModule())) {
			throw new IOException(file + ": Feather files need the JVM option --add-opens=java.base/java.nio=ALL-UNNAMED"
					+ " (./backstop sets it)");
		}
	}

	/** Writes a series as an uncompressed Feather file: timestamp (ms, UTC) and five double columns. */
	static void write(OhlcvSeries series, Path file) throws IOException {
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
				ArrowFileWriter writer = new ArrowFileWriter(root, null, channel)) {
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

	/** The schema's column for each role (timestamp, open, high, low, close, volume). */
	private static int[] columns(String file, Schema schema) throws DataFormatException {
		List<Field> fields = schema.getFields();
		int[] columnOfRole = new int[6];
		Arrays.fill(columnOfRole, -1);
		for (int c = 0; c < fields.size(); c++) {
			int role = OhlcvCsv.role(fields.get(c).getName());
			if (role >= 0 && columnOfRole[role] < 0) {
				columnOfRole[role] = c;
			}
		}
		for (int role = 0; role < 6; role++) {
			String column = OhlcvCsv.COLUMNS.get(role);
			if (columnOfRole[role] < 0) {
				throw DataFormatException.inRow(file, 0, column, "missing column '" + column + "' (found: "
						+ String.join(", ", fields.stream().map(Field::getName).toList()) + ")");
			}
			ArrowType type = fields.get(columnOfRole[role]).getType();
			boolean numeric = type instanceof ArrowType.FloatingPoint || type instanceof ArrowType.Int
					|| type instanceof ArrowType.Decimal;
			boolean time = type instanceof ArrowType.Timestamp || type instanceof ArrowType.Int;
			if (role == 0 ? !time : !numeric) {
				throw DataFormatException.inRow(file, 0, column, "column '" + fields.get(columnOfRole[role]).getName()
						+ "' holds " + type + (role == 0 ? ", not timestamps or epoch numbers" : ", not numbers"));
			}
		}
		return columnOfRole;
	}

	/** The columns read so far. */
	private static final class Columns {
		long[] ts;
		double[][] values = new double[5][];
		int size;

		Columns(int capacity) {
			ts = new long[capacity];
			for (int c = 0; c < 5; c++) {
				values[c] = new double[capacity];
			}
		}

		int append(String file, int firstRow, VectorSchemaRoot batch, int[] columnOfRole) throws DataFormatException {
			int rows = batch.getRowCount();
			if (size + rows > ts.length) {
				int capacity = Math.max(size + rows, ts.length + (ts.length >> 1));
				ts = Arrays.copyOf(ts, capacity);
				for (int c = 0; c < 5; c++) {
					values[c] = Arrays.copyOf(values[c], capacity);
				}
			}
			FieldVector time = batch.getVector(columnOfRole[0]);
			for (int i = 0; i < rows; i++) {
				int row = firstRow + i + 1;
				if (time.isNull(i)) {
					throw DataFormatException.inRow(file, row, "timestamp", "missing value");
				}
				ts[size + i] = millis(file, row, time, i);
			}
			for (int role = 1; role < 6; role++) {
				FieldVector vector = batch.getVector(columnOfRole[role]);
				double[] into = values[role - 1];
				String column = OhlcvCsv.COLUMNS.get(role);
				for (int i = 0; i < rows; i++) {
					if (vector.isNull(i)) {
						throw DataFormatException.inRow(file, firstRow + i + 1, column, "missing value");
					}
					into[size + i] = number(vector, i);
				}
			}
			for (int i = 0; i < rows; i++) {
				int at = size + i;
				int row = firstRow + i + 1;
				Bars.Problem problem = Bars.problem(values[0][at], values[1][at], values[2][at], values[3][at],
						values[4][at]);
				if (problem != null) {
					throw DataFormatException.inRow(file, row, problem.field(), problem.text());
				}
				String order = at == 0 ? null : Bars.order(ts[at], ts[at - 1], "row " + (row - 1));
				if (order != null) {
					throw DataFormatException.inRow(file, row, "timestamp", order);
				}
			}
			size += rows;
			return firstRow + rows;
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

		OhlcvSeries series(String name, String source) {
			return new OhlcvSeries(name, source, Arrays.copyOf(ts, size), Arrays.copyOf(values[0], size),
					Arrays.copyOf(values[1], size), Arrays.copyOf(values[2], size), Arrays.copyOf(values[3], size),
					Arrays.copyOf(values[4], size));
		}
	}
}
