package io.backstop.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The user's market data: a directory scanned for files named {@code SYMBOL_TIMEFRAME.ext} (or
 * {@code SYMBOL-TIMEFRAME-anything.ext}, as exchanges name their monthly archives), every format
 * {@link OhlcvFiles} reads, plus the bundled sample, always listed. Several files of one symbol
 * and timeframe join into one series. Registered as an OSGi service.
 * <p>
 * The directory is, first to last: the system property {@value #DATA_DIR_PROPERTY} ({@code
 * ./backstop --data-dir DIR}), the configuration {@value #PID} ({@code data.dir}, set in the
 * Preferences), the workspace's {@code data}.
 * <p>
 * Loaded series are kept in a managed cache that the emergency stop empties (work that holds a
 * series keeps it); the next {@link #load(String, String)} reads the files again. A load polls the
 * stop signal and gives up with a {@link java.util.concurrent.CancellationException} when it is
 * raised.
 */
public interface DataLibrary {

	/**
	 * The configuration: {@code data.dir}, the directory (empty for the workspace's {@code data}),
	 * and {@code strict}, whether a series with gaps is refused.
	 */
	String PID = "io.backstop.data.library";

	/** System property that names the directory for this run, above the configuration. */
	String DATA_DIR_PROPERTY = "backstop.data.dir";

	/** The source {@link DataSet#source()} names for the bundled sample. */
	String SAMPLE_SOURCE = "bundled sample";

	/**
	 * A library of a directory without OSGi (tools, tests): loads are halted by {@code options}'
	 * condition, loaded series kept until {@link #release()}.
	 */
	static DataLibrary of(Path directory, OhlcvFiles.Options options) {
		return new io.backstop.data.internal.Library(directory, options);
	}

	/** The directory scanned. */
	Path directory();

	/**
	 * Scans the directory: every symbol and timeframe found, with its bars, span and quality
	 * (measured once per set of file versions), sorted by symbol then timeframe. A set that does
	 * not load is listed with its problem.
	 */
	List<DataSet> list();

	/**
	 * The series of a symbol and timeframe, from the cache or loaded (all its files joined). A
	 * timeframe without files of its own is resampled from the longest shorter one of the symbol
	 * that divides it.
	 *
	 * @throws IllegalArgumentException naming what the library holds when neither exists
	 * @throws IOException              one line naming the file and line, row or column at fault
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop is raised
	 */
	OhlcvSeries load(String symbol, String timeframe) throws IOException;

	/**
	 * Loads one file of any format {@link OhlcvFiles} reads, wherever it lies, as the library loads
	 * its own (strict mode, halted by the stop); not kept in the cache.
	 *
	 * @throws IOException one line naming the file and line, row or column at fault
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop is raised
	 */
	OhlcvSeries open(Path file) throws IOException;

	/** Whether loads refuse a series with gaps (strict mode). */
	boolean strict();

	/**
	 * Lets go of every loaded series (the emergency stop does this through the managed cache); the
	 * next load reads the files again.
	 *
	 * @return the bytes the series held
	 */
	long release();

	/**
	 * One symbol and timeframe of the library.
	 *
	 * @param symbol    as the files name it, for example {@code BTCUSDT}
	 * @param timeframe canonical, for example {@code 5m}
	 * @param files     its files in the directory, by name; empty for the bundled sample
	 * @param source    {@value #SAMPLE_SOURCE}, one file's name, or the first file's name and how many more
	 * @param bars      bars after joining, 0 when it did not load
	 * @param first     first bar's open time (epoch ms), {@code Long.MIN_VALUE} when it did not load
	 * @param last      last bar's open time (epoch ms), {@code Long.MIN_VALUE} when it did not load
	 * @param quality   gaps and zero-volume bars; null when it did not load
	 * @param problem   why it did not load (one line), null when it loaded
	 */
	record DataSet(String symbol, String timeframe, List<Path> files, String source, int bars, long first, long last,
			DataQuality quality, String problem) {

		public DataSet {
			files = List.copyOf(files);
		}

		/** {@code SYMBOL_TIMEFRAME}, the name of its series. */
		public String name() {
			return symbol + "_" + timeframe;
		}

		public boolean loaded() {
			return problem == null;
		}

		/** {@code 2025-04-03 17:05 to 2025-07-02 17:00 UTC}, or empty when it did not load. */
		public String span() {
			if (!loaded()) {
				return "";
			}
			String from = DataQuality.when(first);
			return from.substring(0, from.length() - 4) + " to " + DataQuality.when(last);
		}
	}
}
