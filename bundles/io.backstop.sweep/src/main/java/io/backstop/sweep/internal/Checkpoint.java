package io.backstop.sweep.internal;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;

/**
 * A sweep's checkpoint: its spec (series by name, source, fingerprint, bars and first bar time) and which
 * combinations are done, as the count of leading combinations all done (the watermark) plus the
 * bits of the combinations after it. Written to a temp file, forced to disk, then moved over the
 * previous checkpoint atomically.
 *
 * @param bits        done bits from word {@code watermark / 64} on (index {@code i} is bit {@code i % 64}
 *                    of word {@code i / 64 - watermark / 64})
 * @param constraints the strategy's constraints the combinations were numbered by ({@code index=admitted},
 *                    {@code index.constraints=fast_period < slow_period}; empty for none), or null for a
 *                    checkpoint written before constraints existed, numbered as the ranges' plain mixed radix
 * @param seriesFirstTime the first bar's time (epoch millis), which finds a date range's bars in its file again;
 *                    {@link Long#MIN_VALUE} when unknown (an empty series, a checkpoint written before it was kept)
 */
record Checkpoint(String id, SweepSpec spec, String seriesName, String seriesSource, String seriesFingerprint,
		int seriesBars, long total, long done, long watermark, long[] bits, SweepState state, String message,
		String constraints, long seriesFirstTime) {

	static final String FILE_NAME = "checkpoint.properties";
	static final String FORMAT = "backstop-sweep-checkpoint/1";
	/** Suffix of the checkpoint a run's last one replaced, kept until the last one is on disk. */
	static final String PREVIOUS = ".previous";
	/** The value of {@code index}: combinations numbered among those the constraints admit ({@link Grid}). */
	static final String ADMITTED = "admitted";

	/** A checkpoint of the given done bits (full words from index 0) of the grid's combinations. */
	static Checkpoint of(String id, SweepSpec spec, Grid grid, long[] allBits, SweepState state, String message) {
		long total = grid.total();
		long watermark = DoneSet.watermark(allBits, total);
		int firstWord = (int) (watermark >>> 6);
		long[] tail = java.util.Arrays.copyOfRange(allBits, Math.min(firstWord, allBits.length), allBits.length);
		long done = 0;
		for (long w : allBits) {
			done += Long.bitCount(w);
		}
		return new Checkpoint(id, spec, spec.series().name(), spec.series().source(), spec.series().fingerprint(),
				spec.series().size(), total, done, watermark, tail, state, message, grid.constraints(),
				spec.series().isEmpty() ? Long.MIN_VALUE : spec.series().firstTimestamp());
	}

	/** Every done bit, from index 0. */
	long[] allBits() {
		int words = (int) ((total + 63) >>> 6);
		long[] all = new long[words];
		int firstWord = (int) (watermark >>> 6);
		for (int w = 0; w < firstWord && w < words; w++) {
			all[w] = -1L;
		}
		System.arraycopy(bits, 0, all, firstWord, Math.min(bits.length, words - firstWord));
		return all;
	}

	/**
	 * Writes the checkpoint to a temp file, forced to disk so that a crash cannot leave an empty
	 * checkpoint, and moves it over {@code file} atomically.
	 */
	void write(Path file) throws IOException {
		ResultsFile.AtomicFiles.move(writeBeside(file, true), file);
	}

	private String text() throws IOException {
		Properties p = new Properties();
		p.setProperty("format", FORMAT);
		p.setProperty("id", id);
		p.setProperty("state", state.name());
		p.setProperty("message", message == null ? "" : message);
		p.setProperty("updated", Instant.now().toString());
		p.setProperty("strategy", spec.strategyId());
		p.setProperty("series.name", seriesName);
		p.setProperty("series.source", seriesSource);
		p.setProperty("series.fingerprint", seriesFingerprint);
		p.setProperty("series.bars", Integer.toString(seriesBars));
		if (seriesFirstTime != Long.MIN_VALUE) {
			p.setProperty("series.first", Long.toString(seriesFirstTime));
		}
		RunSettings s = spec.settings();
		p.setProperty("settings.capital", Double.toString(s.initialCapital()));
		p.setProperty("settings.fees_bps", Double.toString(s.feesBps()));
		p.setProperty("settings.slippage_bps", Double.toString(s.slippageBps()));
		p.setProperty("settings.sizing", s.sizing().name());
		p.setProperty("settings.sizing_value", Double.toString(s.sizingValue()));
		p.setProperty("settings.allow_short", Boolean.toString(s.allowShort()));
		p.setProperty("settings.ruin", s.ruin().name());
		p.setProperty("objective.metric", spec.objective().metric());
		p.setProperty("objective.direction", spec.objective().direction().name());
		p.setProperty("top_k", Integer.toString(spec.topK()));
		p.setProperty("workers", Integer.toString(spec.workers()));
		p.setProperty("ranges", Integer.toString(spec.ranges().size()));
		for (int r = 0; r < spec.ranges().size(); r++) {
			ParameterRange range = spec.ranges().get(r);
			p.setProperty("range." + r + ".name", range.name());
			StringBuilder v = new StringBuilder();
			for (double x : range.values()) {
				v.append(v.isEmpty() ? "" : ",").append(x);
			}
			p.setProperty("range." + r + ".values", v.toString());
		}
		p.setProperty("index", ADMITTED);
		p.setProperty("index.constraints", constraints);
		p.setProperty("total", Long.toString(total));
		p.setProperty("done", Long.toString(done));
		p.setProperty("watermark", Long.toString(watermark));
		ByteBuffer buffer = ByteBuffer.allocate(bits.length * 8).order(ByteOrder.LITTLE_ENDIAN);
		buffer.asLongBuffer().put(bits);
		p.setProperty("bits", Base64.getEncoder().encodeToString(buffer.array()));
		StringWriter text = new StringWriter();
		p.store(text, "Backstop sweep checkpoint: which combinations are done");
		return text.toString();
	}

	/** Writes the text to a temp file beside {@code file}, forced to disk or not; returns the temp file. */
	private Path writeBeside(Path file, boolean force) throws IOException {
		Path temp = file.resolveSibling(file.getFileName() + ".tmp");
		try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
				StandardOpenOption.TRUNCATE_EXISTING)) {
			ByteBuffer bytes = StandardCharsets.ISO_8859_1.encode(text());
			while (bytes.hasRemaining()) {
				ch.write(bytes);
			}
			if (force) {
				ch.force(true);
			}
		}
		return temp;
	}

	/**
	 * Writes a run's last checkpoint and moves it into place at once, leaving its force to disk to
	 * {@link #settle(Path)}. The checkpoint it replaces stays beside it ({@value #PREVIOUS}) until
	 * then: a power cut in between leaves a whole checkpoint to read, and no file is freed now
	 * (freeing a file's blocks waits for the disk). What a stop's halt step waits for.
	 */
	void writeLast(Path file) throws IOException {
		Path temp = writeBeside(file, false);
		Path previous = previousOf(file);
		if (Files.exists(file) && !Files.exists(previous)) {
			try {
				Files.createLink(previous, file);
			} catch (UnsupportedOperationException | IOException noLinks) {
				try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
					ch.force(true);
				}
			}
		}
		ResultsFile.AtomicFiles.move(temp, file);
	}

	/** Forces a last checkpoint and its directory entry to disk, then drops the checkpoint it replaced. */
	static void settle(Path file) throws IOException {
		try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
			ch.force(true);
		}
		try (FileChannel directory = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
			directory.force(true);
		} catch (IOException notOpenable) {
			// a platform that does not open directories keeps the entry as its file system does
		}
		Files.deleteIfExists(previousOf(file));
	}

	static Path previousOf(Path file) {
		return file.resolveSibling(file.getFileName() + PREVIOUS);
	}

	/**
	 * Reads a checkpoint; {@code series} becomes the spec's series (the caller checks it against
	 * {@link #seriesFingerprint()}), null leaves a placeholder to be replaced.
	 */
	static Checkpoint read(Path file, io.backstop.data.OhlcvSeries series) throws IOException {
		try {
			return readOne(file, series);
		} catch (IOException | RuntimeException unreadable) {
			Path previous = previousOf(file);
			if (!Files.isRegularFile(previous)) {
				throw unreadable;
			}
			// a last checkpoint that a crash caught before it reached the disk: the one before it is whole
			return readOne(previous, series);
		}
	}

	private static Checkpoint readOne(Path file, io.backstop.data.OhlcvSeries series) throws IOException {
		Properties p = new Properties();
		try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
			p.load(in);
		}
		if (!FORMAT.equals(p.getProperty("format"))) {
			throw new IOException(file + ": not a sweep checkpoint (format " + p.getProperty("format") + ")");
		}
		try {
			int n = Integer.parseInt(get(p, file, "ranges"));
			List<ParameterRange> ranges = new ArrayList<>();
			for (int r = 0; r < n; r++) {
				String[] parts = get(p, file, "range." + r + ".values").split(",");
				double[] values = new double[parts.length];
				for (int k = 0; k < parts.length; k++) {
					values[k] = Double.parseDouble(parts[k]);
				}
				ranges.add(ParameterRange.values(get(p, file, "range." + r + ".name"), values));
			}
			RunSettings settings = new RunSettings(num(p, file, "settings.capital"), num(p, file, "settings.fees_bps"),
					num(p, file, "settings.slippage_bps"), Sizing.valueOf(get(p, file, "settings.sizing")),
					num(p, file, "settings.sizing_value"), Boolean.parseBoolean(get(p, file, "settings.allow_short")),
					Ruin.valueOf(p.getProperty("settings.ruin", Ruin.CONTINUE.name())));
			Objective objective = new Objective(get(p, file, "objective.metric"),
					Objective.Direction.valueOf(get(p, file, "objective.direction")));
			io.backstop.data.OhlcvSeries s = series != null ? series : placeholder(p.getProperty("series.name", "series"));
			SweepSpec spec = new SweepSpec(get(p, file, "strategy"), s, ranges, settings, objective,
					Integer.parseInt(get(p, file, "top_k")), Integer.parseInt(get(p, file, "workers")));
			byte[] raw = Base64.getDecoder().decode(p.getProperty("bits", ""));
			long[] bits = new long[raw.length / 8];
			ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(bits);
			return new Checkpoint(get(p, file, "id"), spec, p.getProperty("series.name", ""),
					p.getProperty("series.source", ""), get(p, file, "series.fingerprint"),
					Integer.parseInt(get(p, file, "series.bars")), Long.parseLong(get(p, file, "total")),
					Long.parseLong(get(p, file, "done")), Long.parseLong(get(p, file, "watermark")), bits,
					SweepState.valueOf(get(p, file, "state")), p.getProperty("message", ""),
					ADMITTED.equals(p.getProperty("index")) ? p.getProperty("index.constraints", "") : null,
					Long.parseLong(p.getProperty("series.first", Long.toString(Long.MIN_VALUE))));
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": damaged checkpoint: " + e.getMessage(), e);
		}
	}

	private static io.backstop.data.OhlcvSeries placeholder(String name) {
		return new io.backstop.data.OhlcvSeries(name, "placeholder", new long[0], new double[0], new double[0],
				new double[0], new double[0], new double[0]);
	}

	private static String get(Properties p, Path file, String key) throws IOException {
		String v = p.getProperty(key);
		if (v == null) {
			throw new IOException(file + ": damaged checkpoint: no " + key);
		}
		return v;
	}

	private static double num(Properties p, Path file, String key) throws IOException {
		return Double.parseDouble(get(p, file, key));
	}

}
