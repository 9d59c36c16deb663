package io.backstop.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import org.apache.arrow.vector.compression.CompressionUtil;

/**
 * Loads OHLCV files of every format Backstop reads, chosen by the file's extension: {@code .csv}
 * (see {@link OhlcvCsv}: named columns or header-less exchange klines), {@code .zip} archives
 * of such CSV files (an exchange's monthly kline download: every {@code .csv} entry, joined in
 * time order), {@code .parquet} files (see {@link OhlcvParquet}: uncompressed, Snappy, GZIP or ZSTD
 * pages) and {@code .feather} / {@code .arrow} files (Feather version 2, that is Arrow IPC,
 * uncompressed or LZ4 or ZSTD compressed; the JVM needs {@code --add-opens=java.base/java.nio=ALL-UNNAMED},
 * which the product sets). Joins several files of one symbol and timeframe into one series, and checks a
 * series' quality in strict mode.
 * <p>
 * Every problem is one {@link DataFormatException} naming the file (a zip entry as
 * {@code archive.zip!entry.csv}) and the line, row or column at fault.
 */
public final class OhlcvFiles {

	/** The extensions {@link #load(Path, Options)} reads, lower case, without the dot. */
	public static final List<String> EXTENSIONS = List.of("csv", "zip", "parquet", "feather", "arrow");

	/** Archives unpacking to more than this are refused rather than read into memory (a zip bomb, a wrong file). */
	private static final long MAX_ZIP_BYTES = Integer.MAX_VALUE - 64;

	/** More .csv entries than ten years of daily kline files can only be a wrong file or a bomb of tiny entries. */
	static final int MAX_ZIP_ENTRIES = 10_000;

	/**
	 * How to load.
	 *
	 * @param strict refuse a series with gaps (a space of more than twice the timeframe between bars)
	 * @param halted asked every few thousand rows: when it answers true the load gives up with a
	 *               {@link CancellationException}
	 */
	public record Options(boolean strict, BooleanSupplier halted) {

		public static final Options DEFAULT = new Options(false, () -> false);

		public Options {
			halted = halted == null ? () -> false : halted;
		}

		public Options strict(boolean refuseGaps) {
			return new Options(refuseGaps, halted);
		}

		public Options haltedWhen(BooleanSupplier condition) {
			return new Options(strict, condition);
		}
	}

	private OhlcvFiles() {
	}

	/** Whether {@link #load(Path, Options)} reads files with this name's extension. */
	public static boolean readable(Path file) {
		return EXTENSIONS.contains(extension(file));
	}

	/** Loads a file; the series is named after the file without its extension. */
	public static OhlcvSeries load(Path file, Options options) throws IOException {
		String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
		int dot = fileName.lastIndexOf('.');
		return load(file, dot > 0 ? fileName.substring(0, dot) : fileName, options);
	}

	/** Loads a file under the given series name. */
	public static OhlcvSeries load(Path file, String seriesName, Options options) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new NoSuchFileException(file.toString());
		}
		OhlcvSeries series = switch (extension(file)) {
		case "csv" -> OhlcvCsv.parse(Files.readAllBytes(file), file.toString(), seriesName,
				file.toAbsolutePath().toString(), options.halted());
		// a quarter of the heap at most: the bars parsed from an entry take about half its size again
		case "zip" -> loadZip(file, seriesName, options, Math.min(MAX_ZIP_BYTES, Runtime.getRuntime().maxMemory() / 4),
				MAX_ZIP_ENTRIES);
		case "parquet" -> OhlcvParquet.load(file, seriesName, options);
		case "feather", "arrow" -> OhlcvArrow.load(file, seriesName, options);
		default -> throw DataFormatException.inRow(file.toString(), 0, null,
				(extension(file).isEmpty() ? "no file extension" : "unknown format '." + extension(file) + "'")
						+ ": Backstop reads " + String.join(", ", EXTENSIONS));
		};
		if (options.strict()) {
			requireNoGaps(series, file.toString());
		}
		return series;
	}

	/**
	 * Reads every .csv entry of an archive, refusing in one line an archive of more than
	 * {@code maxEntries} of them or whose entries unpack to more than {@code maxBytes} in all: first
	 * by what its directory claims, then by what the entries really unpack to (a bomb's directory lies).
	 */
	static OhlcvSeries loadZip(Path file, String seriesName, Options options, long maxBytes, int maxEntries)
			throws IOException {
		String name = file.toString();
		List<OhlcvSeries> parts = new ArrayList<>();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			List<? extends ZipEntry> entries = zip.stream()
					.filter(e -> !e.isDirectory() && e.getName().toLowerCase(Locale.ROOT).endsWith(".csv"))
					.sorted(Comparator.comparing(ZipEntry::getName)).toList();
			if (entries.isEmpty()) {
				throw DataFormatException.inRow(name, 0, null, "the archive holds no .csv file");
			}
			if (entries.size() > maxEntries) {
				throw DataFormatException.inRow(name, 0, null, String.format(
						"%,d .csv entries is more than an archive may hold (%,d)", entries.size(), maxEntries));
			}
			long claimed = 0;
			for (ZipEntry entry : entries) {
				if (entry.getSize() > maxBytes) {
					throw DataFormatException.inRow(name + "!" + entry.getName(), 0, null,
							String.format("%,d bytes is more than one entry may hold (%,d)", entry.getSize(), maxBytes));
				}
				claimed += Math.max(0, entry.getSize());
			}
			if (claimed > maxBytes) {
				throw DataFormatException.inRow(name, 0, null, String.format(
						"its .csv entries unpack to %,d bytes, more than an archive may hold in all (%,d)", claimed,
						maxBytes));
			}
			long unpacked = 0;
			for (ZipEntry entry : entries) {
				String entryName = name + "!" + entry.getName();
				byte[] bytes;
				try (InputStream in = zip.getInputStream(entry)) {
					bytes = in.readNBytes((int) (maxBytes - unpacked));
					if (in.read() >= 0) {
						throw DataFormatException.inRow(entryName, 0, null, String.format(
								"unpacks to more than its directory claims and the archive may hold in all (%,d bytes)",
								maxBytes));
					}
				} catch (ZipException | java.io.EOFException e) {
					throw DataFormatException.inRow(entryName, 0, null, "corrupt entry: " + e.getMessage());
				}
				unpacked += bytes.length;
				if (options.halted().getAsBoolean()) {
					throw new CancellationException("loading " + name + " was halted at " + entry.getName());
				}
				parts.add(OhlcvCsv.parse(bytes, entryName, seriesName, entryName, options.halted()));
			}
		} catch (ZipException | java.io.EOFException e) {
			String why = e.getMessage() != null ? e.getMessage() : e instanceof java.io.EOFException ? "it ends early" : "";
			throw DataFormatException.inRow(name, 0, null, "not a readable zip archive" + (why.isEmpty() ? "" : ": " + why));
		}
		OhlcvSeries joined = join(seriesName, parts);
		return joined.withName(seriesName, file.toAbsolutePath().toString());
	}

	/**
	 * Joins series of one instrument and timeframe into one, in time order (each part's source names
	 * it in messages). Bars that two parts both hold must be equal and are kept once.
	 *
	 * @throws DataFormatException naming both parts when their timeframes differ or they overlap with
	 *                             different bars
	 */
	public static OhlcvSeries join(String name, List<OhlcvSeries> parts) throws DataFormatException {
		if (parts.isEmpty()) {
			throw new IllegalArgumentException("nothing to join");
		}
		if (parts.size() == 1) {
			return parts.get(0).withName(name, parts.get(0).source());
		}
		List<OhlcvSeries> ordered = new ArrayList<>(parts);
		ordered.sort(Comparator.comparingLong(OhlcvSeries::firstTimestamp));
		long interval = 0;
		OhlcvSeries intervalFrom = null;
		int capacity = 0;
		for (OhlcvSeries part : ordered) {
			capacity += part.size();
			long partInterval = part.barIntervalMillis();
			if (partInterval > 0 && interval > 0 && partInterval != interval) {
				throw DataFormatException.inRow(part.source(), 0, "timestamp",
						"bars are " + Timeframe.of(partInterval) + " apart, those of " + intervalFrom.source() + " "
								+ Timeframe.of(interval) + ": files of one series must share a timeframe");
			}
			if (partInterval > 0 && interval == 0) {
				interval = partInterval;
				intervalFrom = part;
			}
		}
		long[] ts = new long[capacity];
		double[][] cols = new double[5][capacity];
		int size = 0;
		OhlcvSeries previous = null;
		for (OhlcvSeries part : ordered) {
			int skip = 0;
			if (previous != null && part.firstTimestamp() <= ts[size - 1]) {
				skip = overlap(previous, part, ts, cols, size);
			}
			int count = part.size() - skip;
			System.arraycopy(part.timestamps(), skip, ts, size, count);
			double[][] from = { part.open(), part.high(), part.low(), part.close(), part.volume() };
			for (int c = 0; c < 5; c++) {
				System.arraycopy(from[c], skip, cols[c], size, count);
			}
			size += count;
			previous = part;
		}
		String source = ordered.stream().map(OhlcvSeries::source).reduce((a, b) -> a + " + " + b).orElse("");
		return new OhlcvSeries(name, source, java.util.Arrays.copyOf(ts, size), java.util.Arrays.copyOf(cols[0], size),
				java.util.Arrays.copyOf(cols[1], size), java.util.Arrays.copyOf(cols[2], size),
				java.util.Arrays.copyOf(cols[3], size), java.util.Arrays.copyOf(cols[4], size));
	}

	/** How many leading bars of {@code part} the joined bars already hold; they must be equal. */
	private static int overlap(OhlcvSeries previous, OhlcvSeries part, long[] ts, double[][] cols, int size)
			throws DataFormatException {
		int start = java.util.Arrays.binarySearch(ts, 0, size, part.firstTimestamp());
		if (start < 0) {
			throw DataFormatException.inRow(part.source(), 1, "timestamp",
					"starts at " + DataQuality.when(part.firstTimestamp()) + ", inside " + previous.source()
							+ " (which ends at " + DataQuality.when(ts[size - 1]) + ") but off its bars");
		}
		int shared = size - start;
		if (shared > part.size()) {
			throw DataFormatException.inRow(part.source(), 1, "timestamp",
					"lies wholly inside " + previous.source() + " (" + DataQuality.when(part.firstTimestamp()) + " to "
							+ DataQuality.when(part.lastTimestamp()) + ")");
		}
		double[][] mine = { part.open(), part.high(), part.low(), part.close(), part.volume() };
		String[] names = { "open", "high", "low", "close", "volume" };
		for (int k = 0; k < shared; k++) {
			if (part.timestamps()[k] != ts[start + k]) {
				throw DataFormatException.inRow(part.source(), k + 1, "timestamp",
						"overlaps " + previous.source() + " with other bar times from "
								+ DataQuality.when(part.timestamps()[k]));
			}
			for (int c = 0; c < 5; c++) {
				if (Double.compare(mine[c][k], cols[c][start + k]) != 0) {
					throw DataFormatException.inRow(part.source(), k + 1, names[c],
							"overlaps " + previous.source() + " with a different bar at "
									+ DataQuality.when(part.timestamps()[k]) + ": " + names[c] + " " + mine[c][k]
									+ " here, " + cols[c][start + k] + " there");
				}
			}
		}
		return shared;
	}

	/**
	 * Writes a series as an uncompressed Feather (Arrow IPC) file: {@code timestamp} (milliseconds,
	 * UTC) and five double columns.
	 */
	public static void writeFeather(OhlcvSeries series, Path file) throws IOException {
		OhlcvArrow.write(series, file, CompressionUtil.CodecType.NO_COMPRESSION);
	}

	/**
	 * Strict mode's check.
	 *
	 * @throws DataFormatException naming the row after the first gap
	 */
	public static void requireNoGaps(OhlcvSeries series, String file) throws DataFormatException {
		DataQuality quality = DataQuality.of(series);
		if (quality.hasGaps()) {
			int row = DataQuality.firstGap(series);
			long[] ts = series.timestamps();
			throw DataFormatException.inRow(file, row + 1, "timestamp",
					"gap of " + DataQuality.duration(ts[row] - ts[row - 1]) + " after "
							+ DataQuality.when(ts[row - 1]) + " (" + quality.gapsText()
							+ "); strict mode refuses gaps");
		}
	}

	private static String extension(Path file) {
		String name = file.getFileName() == null ? "" : file.getFileName().toString();
		int dot = name.lastIndexOf('.');
		return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
	}
}
