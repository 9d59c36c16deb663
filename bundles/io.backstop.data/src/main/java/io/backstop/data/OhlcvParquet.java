package io.backstop.data;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.hardwood.HardwoodContext;
import dev.hardwood.InputFile;
import dev.hardwood.metadata.ColumnChunk;
import dev.hardwood.metadata.CompressionCodec;
import dev.hardwood.metadata.LogicalType;
import dev.hardwood.metadata.PhysicalType;
import dev.hardwood.metadata.RowGroup;
import dev.hardwood.reader.ColumnReader;
import dev.hardwood.reader.ColumnReaders;
import dev.hardwood.reader.ParquetFileReader;
import dev.hardwood.reader.Validity;
import dev.hardwood.schema.ColumnProjection;
import dev.hardwood.schema.ColumnSchema;

/**
 * Reads Parquet files through Hardwood, a pure-Java Parquet reader (no Hadoop). Columns are found
 * by the names {@link OhlcvCsv} accepts among the top-level columns; the time column may be an
 * INT64 {@code TIMESTAMP} of any unit (adjusted to UTC or not: a time without zone is UTC, as in a
 * CSV file), an INT32 {@code DATE}, or a plain INT32 or INT64 epoch number in seconds,
 * milliseconds, microseconds or nanoseconds (told apart by size, as in a CSV file); prices and
 * volume any DOUBLE, FLOAT, INT32 or INT64 column, or a {@code DECIMAL}. Pages may be
 * uncompressed or compressed with Snappy, GZIP or ZSTD. The halting condition is asked every
 * millisecond while a file is read.
 */
final class OhlcvParquet {

	/** Rows per batch, the unit between two polls of the halting condition (a few milliseconds of work). */
	static final int BATCH_ROWS = 32_768;

	/** Codecs whose libraries Backstop ships (Snappy and ZSTD through snappy-java and zstd-jni, GZIP in the JDK). */
	private static final Set<CompressionCodec> CODECS = EnumSet.of(CompressionCodec.UNCOMPRESSED,
			CompressionCodec.SNAPPY, CompressionCodec.GZIP, CompressionCodec.ZSTD);

	/** The longest wait for one batch; its decoding takes milliseconds. */
	private static final long STALL_MILLIS = 15_000;

	/** Threads that decode the columns' pages ahead of the copy into the series. */
	private static final int DECODE_THREADS = Math.min(6, Runtime.getRuntime().availableProcessors());

	private OhlcvParquet() {
	}

	static OhlcvSeries load(Path file, String seriesName, OhlcvFiles.Options options) throws IOException {
		return load(file, seriesName, options, STALL_MILLIS);
	}

	/**
	 * Reads on a thread of its own while the caller's thread watches it: the halting condition is
	 * asked every millisecond, so the stop need not wait for a batch, and a read that makes no
	 * progress for {@code stallMillis} is given up. A read given up is interrupted, and every later
	 * read of its file fails, so Hardwood's threads still working on it end at their next read.
	 *
	 * @param stallMillis how long a read may go without progress before the file is refused as corrupt
	 */
	static OhlcvSeries load(Path file, String seriesName, OhlcvFiles.Options options, long stallMillis)
			throws IOException {
		String name = file.toString();
		AtomicLong progress = new AtomicLong();
		GuardedFile input = new GuardedFile(InputFile.of(file));
		FutureTask<OhlcvSeries> read = new FutureTask<>(() -> read(file, input, seriesName, options, progress));
		Thread.ofPlatform().daemon().name("parquet-load " + file.getFileName()).start(read);
		long seen = progress.get();
		long since = System.nanoTime();
		while (true) {
			try {
				return read.get(1, TimeUnit.MILLISECONDS);
			} catch (TimeoutException waiting) {
				if (options.halted().getAsBoolean()) {
					input.abandon();
					read.cancel(true);
					throw new CancellationException("loading " + name + " was halted");
				}
				long now = progress.get();
				if (now != seen) {
					seen = now;
					since = System.nanoTime();
				} else if (System.nanoTime() - since > stallMillis * 1_000_000L) {
					input.abandon();
					read.cancel(true);
					throw DataFormatException.inRow(name, 0, null, "no progress in " + stallMillis / 1000.0
							+ " s: the Parquet decoder stalled on a corrupt page");
				}
			} catch (InterruptedException e) {
				input.abandon();
				read.cancel(true);
				Thread.currentThread().interrupt();
				throw new CancellationException("loading " + name + " was interrupted");
			} catch (ExecutionException e) {
				switch (e.getCause()) {
				case IOException io -> throw io;
				case RuntimeException runtime -> throw runtime;
				case Error error -> throw error;
				default -> throw new IOException(e.getCause());
				}
			}
		}
	}

	private static OhlcvSeries read(Path file, GuardedFile input, String seriesName, OhlcvFiles.Options options,
			AtomicLong progress) throws IOException {
		String name = file.toString();
		try (HardwoodContext context = HardwoodContext.create(DECODE_THREADS);
				ParquetFileReader reader = open(file, input, context)) {
			Column[] roles = new Column[6];
			String[] names = new String[6];
			long rowCount;
			try {
				// nested and repeated columns hold no bars
				List<ColumnSchema> flat = reader.getFileSchema().getColumns().stream()
						.filter(c -> c.maxRepetitionLevel() == 0 && c.fieldPath().elements().size() == 1).toList();
				int[] columnOfRole = BarColumns.columnOfRole(name, flat.stream().map(ColumnSchema::name).toList());
				for (int role = 0; role < 6; role++) {
					roles[role] = Column.of(name, role, flat.get(columnOfRole[role]));
					names[role] = roles[role].schema.name();
				}
				requireKnownCodecs(name, reader.getFileMetaData().rowGroups());
				rowCount = reader.getFileMetaData().numRows();
			} catch (RuntimeException e) {
				throw DataFormatException.inRow(name, 0, null, "unreadable footer: " + reason(e));
			}
			if (rowCount <= 0) {
				throw DataFormatException.inRow(name, 0, null, "no rows");
			}
			// the footer's count may lie: start small and grow, never above what it claims
			BarColumns bars = new BarColumns((int) Math.min(rowCount, 1 << 16));
			progress.incrementAndGet();
			try (ColumnReaders batches = columnReaders(name, reader, names)) {
				while (true) {
					if (options.halted().getAsBoolean()) {
						throw new CancellationException("loading " + name + " was halted at row " + bars.size);
					}
					int rows;
					try {
						if (!batches.nextBatch()) {
							break;
						}
						rows = batches.getRecordCount();
						if (bars.size + (long) rows > rowCount) {
							throw DataFormatException.inRow(name, bars.size + 1, null,
									"more rows than the file's footer counts (" + rowCount + ")");
						}
						bars.ensureRoom(rows);
						for (int role = 0; role < 6; role++) {
							roles[role].copy(name, batches.getColumnReader(names[role]), rows, bars);
						}
					} catch (DataFormatException e) {
						throw e;
					} catch (RuntimeException e) {
						throw DataFormatException.inRow(name, bars.size + 1, null, "unreadable page: " + reason(e));
					}
					bars.accept(name, rows);
					progress.incrementAndGet();
				}
			}
			if (bars.size < rowCount) {
				throw DataFormatException.inRow(name, bars.size + 1, null,
						"the pages end after row " + bars.size + ", the file's footer counts " + rowCount);
			}
			return bars.series(seriesName, file.toAbsolutePath().toString());
		}
	}

	private static ColumnReaders columnReaders(String file, ParquetFileReader reader, String[] names)
			throws DataFormatException {
		try {
			return reader.buildColumnReaders(ColumnProjection.columns(names)).batchSize(BATCH_ROWS).build();
		} catch (RuntimeException e) {
			throw DataFormatException.inRow(file, 0, null, "unreadable column chunks: " + reason(e));
		}
	}

	private static ParquetFileReader open(Path file, InputFile input, HardwoodContext context) throws IOException {
		ParquetFooterCheck.check(file);
		try {
			return ParquetFileReader.open(input, context);
		} catch (IOException | RuntimeException e) {
			throw DataFormatException.inRow(file.toString(), 0, null, "not a readable Parquet file: " + reason(e));
		} catch (OutOfMemoryError e) {
			// Hardwood reads a list's elements as the type it expects (strings in a column's path, say),
			// whatever type the list declares, which a walk by the declared types cannot follow; such an
			// element's length then asks for one array too large to allocate, an attempt that fails
			// whole and leaves the heap as it was
			throw DataFormatException.inRow(file.toString(), 0, null,
					"not a readable Parquet file: its footer claims a field larger than memory (" + e.getMessage() + ")");
		}
	}

	private static void requireKnownCodecs(String file, List<RowGroup> rowGroups) throws DataFormatException {
		for (RowGroup group : rowGroups) {
			for (ColumnChunk chunk : group.columns()) {
				CompressionCodec codec = chunk.metaData().codec();
				if (codec == null) {
					throw DataFormatException.inRow(file, 0, null, "pages compressed with a codec Parquet does not define");
				}
				if (!CODECS.contains(codec)) {
					throw DataFormatException.inRow(file, 0, null, "pages compressed with " + codec
							+ ", which Backstop does not read (it reads uncompressed, SNAPPY, GZIP and ZSTD pages)");
				}
			}
		}
	}

	/**
	 * Why Hardwood failed, for one line: the guard's own words when a page ran past its column
	 * chunk (Hardwood wraps them), else Hardwood's message without the file name it prefixes, which
	 * ours carry already.
	 */
	private static String reason(Throwable e) {
		for (Throwable cause = e; cause != null; cause = cause.getCause()) {
			if (cause instanceof PageOverrun overrun) {
				return overrun.getMessage();
			}
		}
		if (e instanceof NullPointerException) {
			// Hardwood leaves a field the footer lacks null; the JVM's message names Hardwood's code
			return "a required field is missing";
		}
		String message = e.getMessage();
		if (message == null || message.isBlank()) {
			return e.getClass().getSimpleName();
		}
		return message.startsWith("[") && message.indexOf("] ") > 0 ? message.substring(message.indexOf("] ") + 2)
				: message;
	}

	/**
	 * The file as Hardwood reads it, refusing the reads that only a corrupt file asks for. A page
	 * whose header claims more bytes than its column chunk has left makes Hardwood 1.0.1 fetch
	 * empty ranges past the chunk's end in an endless loop, on a virtual thread: the loop never
	 * blocks, so it holds one of the JVM's virtual-thread carriers for good, and once every carrier
	 * is held no Parquet file loads any more in that process. Refusing an empty read ends the loop
	 * with an exception, which Hardwood reports to the reader. Once a load is given up, every read
	 * is refused, so whatever Hardwood still does on that file ends at its next read.
	 */
	private static final class GuardedFile implements InputFile {

		private final InputFile file;
		private final AtomicBoolean abandoned = new AtomicBoolean();

		GuardedFile(InputFile file) {
			this.file = file;
		}

		void abandon() {
			abandoned.set(true);
		}

		@Override
		public void open() throws IOException {
			file.open();
		}

		@Override
		public ByteBuffer readRange(long offset, int length) throws IOException {
			if (abandoned.get()) {
				throw new IOException("the load was given up");
			}
			if (length <= 0) {
				throw new PageOverrun(offset);
			}
			return file.readRange(offset, length);
		}

		@Override
		public long length() throws IOException {
			return file.length();
		}

		@Override
		public String name() {
			return file.name();
		}

		@Override
		public void close() throws IOException {
			file.close();
		}
	}

	/** A page that claims bytes beyond the end of its column chunk. */
	private static final class PageOverrun extends IOException {

		private static final long serialVersionUID = 1L;

		PageOverrun(long offset) {
			super("a page runs past the end of its column chunk (at byte " + offset + ")");
		}
	}

	/** How one column's values become a bar's time (milliseconds) or number. */
	private record Column(ColumnSchema schema, int role, Kind kind, long unitDivisor, int scale) {

		enum Kind {
			TIMESTAMP, DATE, EPOCH, DOUBLE, FLOAT, INTEGER, DECIMAL_INTEGER, DECIMAL_BYTES
		}

		static Column of(String file, int role, ColumnSchema schema) throws DataFormatException {
			PhysicalType type = schema.type();
			LogicalType logical = schema.logicalType();
			if (role == 0) {
				if (type == PhysicalType.INT64 && logical instanceof LogicalType.TimestampType stamp) {
					long divisor = switch (stamp.unit()) {
					case MILLIS -> 1;
					case MICROS -> 1_000;
					case NANOS -> 1_000_000;
					};
					return new Column(schema, role, Kind.TIMESTAMP, divisor, 0);
				}
				if (type == PhysicalType.INT32 && logical instanceof LogicalType.DateType) {
					return new Column(schema, role, Kind.DATE, 1, 0);
				}
				if ((type == PhysicalType.INT64 || type == PhysicalType.INT32)
						&& (logical == null || logical instanceof LogicalType.IntType)) {
					return new Column(schema, role, Kind.EPOCH, 1, 0);
				}
				throw wrongType(file, role, schema, "not timestamps, dates or epoch numbers");
			}
			if (logical instanceof LogicalType.DecimalType decimal) {
				Kind kind = type == PhysicalType.INT32 || type == PhysicalType.INT64 ? Kind.DECIMAL_INTEGER
						: Kind.DECIMAL_BYTES;
				return new Column(schema, role, kind, 1, decimal.scale());
			}
			if (logical == null || logical instanceof LogicalType.IntType) {
				switch (type) {
				case DOUBLE:
					return new Column(schema, role, Kind.DOUBLE, 1, 0);
				case FLOAT:
					return new Column(schema, role, Kind.FLOAT, 1, 0);
				case INT32, INT64:
					return new Column(schema, role, Kind.INTEGER, 1, 0);
				default:
					break;
				}
			}
			throw wrongType(file, role, schema, "not numbers");
		}

		private static DataFormatException wrongType(String file, int role, ColumnSchema schema, String not) {
			String type = schema.type() + (schema.logicalType() == null ? "" : " (" + schema.logicalType() + ")");
			return DataFormatException.inRow(file, 0, OhlcvCsv.COLUMNS.get(role),
					"column '" + schema.name() + "' holds " + type + ", " + not);
		}

		/** Copies one batch of this column into the bars' next {@code rows} rows. */
		void copy(String file, ColumnReader reader, int rows, BarColumns bars) throws DataFormatException {
			String field = OhlcvCsv.COLUMNS.get(role);
			int size = bars.size;
			Validity validity = reader.getLeafValidity();
			if (validity != null && validity.hasNulls()) {
				int missing = validity.nextNull(0, rows);
				if (missing >= 0 && missing < rows) {
					throw DataFormatException.inRow(file, size + missing + 1, field, "missing value");
				}
			}
			if (role == 0) {
				long[] ts = bars.ts;
				switch (kind) {
				case TIMESTAMP -> {
					long[] v = reader.getLongs();
					for (int i = 0; i < rows; i++) {
						ts[size + i] = Math.floorDiv(v[i], unitDivisor);
					}
				}
				case DATE -> {
					int[] v = reader.getInts();
					for (int i = 0; i < rows; i++) {
						ts[size + i] = v[i] * 86_400_000L;
					}
				}
				default -> {
					if (schema.type() == PhysicalType.INT32) {
						int[] v = reader.getInts();
						for (int i = 0; i < rows; i++) {
							ts[size + i] = Bars.epochMillis(v[i]);
						}
					} else {
						long[] v = reader.getLongs();
						for (int i = 0; i < rows; i++) {
							ts[size + i] = Bars.epochMillis(v[i]);
						}
					}
				}
				}
				return;
			}
			double[] into = bars.values[role - 1];
			switch (kind) {
			case DOUBLE -> System.arraycopy(reader.getDoubles(), 0, into, size, rows);
			case FLOAT -> {
				float[] v = reader.getFloats();
				for (int i = 0; i < rows; i++) {
					into[size + i] = v[i];
				}
			}
			case INTEGER, DECIMAL_INTEGER -> {
				// a decimal's unscaled value divided by a power of ten: the double nearest the decimal, as parsing its text gives
				double divisor = kind == Kind.INTEGER ? 1 : Math.pow(10, scale);
				if (schema.type() == PhysicalType.INT32) {
					int[] v = reader.getInts();
					for (int i = 0; i < rows; i++) {
						into[size + i] = v[i] / divisor;
					}
				} else {
					long[] v = reader.getLongs();
					for (int i = 0; i < rows; i++) {
						into[size + i] = v[i] / divisor;
					}
				}
			}
			default -> {
				byte[][] v = reader.getBinaries();
				for (int i = 0; i < rows; i++) {
					into[size + i] = new BigDecimal(new BigInteger(v[i]), scale).doubleValue();
				}
			}
			}
		}
	}
}
