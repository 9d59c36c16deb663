package io.backstop.sweep.internal;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.backstop.backtest.RunSettings;

/**
 * The CSV results file of a sweep: a header ({@code index}, every parameter, every metric, then
 * the run settings {@link #SETTINGS_COLUMNS}), then one line per computed combination. Numbers
 * round-trip exactly; a metric that was not computed (a combination the strategy refused) is an
 * empty field, never {@code NaN}; the settings are the same on every line, so that files of sweeps
 * run with other settings can be put side by side. Workers hand over rows in batches; a batch's indices are
 * marked done in the {@link DoneSet} under the same lock that writes it, so a
 * {@link #flushAndSnapshot(DoneSet) snapshot} never names a combination whose line is not on disk.
 */
final class ResultsFile implements AutoCloseable {

	static final String FILE_NAME = "results.csv";

	/** The run settings' columns, after the metrics: capital, fees, slippage, sizing and its value, shorts, ruin. */
	static final List<String> SETTINGS_COLUMNS = List.of("capital", "fees_bps", "slippage_bps", "sizing",
			"sizing_value", "allow_short", "ruin");

	private final Path path;
	private final BufferedWriter out;
	/** The settings' fields of every line, with their leading comma. */
	private final String settingsFields;
	private boolean closed;

	private ResultsFile(Path path, BufferedWriter out, RunSettings settings) {
		this.path = path;
		this.out = out;
		this.settingsFields = settingsFields(settings);
	}

	/** Opens for appending, writing the header when the file is new or empty. */
	static ResultsFile open(Path path, List<String> header, RunSettings settings) throws IOException {
		Files.createDirectories(path.getParent());
		boolean fresh = !Files.exists(path) || Files.size(path) == 0;
		BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		if (fresh) {
			out.write(String.join(",", header));
			out.write('\n');
			out.flush();
		}
		return new ResultsFile(path, out, settings);
	}

	/** The header for a grid's parameters and an evaluator's metrics. */
	static List<String> header(List<String> parameters, List<String> metrics) {
		List<String> h = new ArrayList<>();
		h.add("index");
		h.addAll(parameters);
		h.addAll(metrics);
		h.addAll(SETTINGS_COLUMNS);
		return h;
	}

	/** {@code ,10000,10,5,equity_fraction,1,true,stop}: the settings' fields of every line. */
	static String settingsFields(RunSettings settings) {
		StringBuilder s = new StringBuilder();
		for (double v : new double[] { settings.initialCapital(), settings.feesBps(), settings.slippageBps() }) {
			appendNumber(s.append(','), v);
		}
		s.append(',').append(settings.sizing().name().toLowerCase(Locale.ROOT));
		appendNumber(s.append(','), settings.sizingValue());
		s.append(',').append(settings.allowShort());
		s.append(',').append(settings.ruin().name().toLowerCase(Locale.ROOT));
		return s.toString();
	}

	Path path() {
		return path;
	}

	/** Appends one line to a worker's batch. */
	void formatRow(StringBuilder batch, long index, double[] parameters, double[] metrics) {
		batch.append(index);
		for (double v : parameters) {
			batch.append(',');
			appendNumber(batch, v);
		}
		for (double v : metrics) {
			batch.append(',');
			appendNumber(batch, v);
		}
		batch.append(settingsFields).append('\n');
	}

	/**
	 * Whole numbers without decimals, others as {@link Double#toString(double)} (exact round trip);
	 * nothing for a value that is not a finite number.
	 */
	static void appendNumber(StringBuilder s, double v) {
		if (!Double.isFinite(v)) {
			return;
		}
		if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
			s.append((long) v);
		} else {
			s.append(v);
		}
	}

	/** Writes a worker's batch and marks its indices done, then empties the batch. */
	synchronized void append(StringBuilder batch, long[] indices, int count, DoneSet done) {
		if (count == 0) {
			return;
		}
		try {
			out.append(batch);
		} catch (IOException e) {
			throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
		}
		for (int i = 0; i < count; i++) {
			done.markDone(indices[i]);
		}
		batch.setLength(0);
	}

	synchronized void flush() throws IOException {
		if (!closed) {
			out.flush();
		}
	}

	/** Flushes to the OS and copies the done bits, under the writing lock. */
	synchronized long[] flushAndSnapshot(DoneSet done) throws IOException {
		flush();
		return done.snapshot();
	}

	@Override
	public synchronized void close() throws IOException {
		if (!closed) {
			closed = true;
			out.close();
		}
	}

	/** Receives the rows of an existing results file. */
	interface RowSink {
		/** @return false when the row is a duplicate or unwanted (it is then dropped) */
		boolean row(long index, double[] parameters, double[] metrics);
	}

	/**
	 * Reads an existing results file, handing each well-formed row to {@code sink} (an empty metric
	 * as NaN). A partial last line (a crash mid-write), malformed lines, lines of other settings and
	 * rows the sink refuses are removed: the file is then rewritten without them, atomically.
	 *
	 * @return the number of rows accepted by the sink
	 * @throws IOException when the header differs from the expected one
	 */
	static long readAndRepair(Path path, List<String> header, RunSettings settings, int parameterCount,
			int metricCount, RowSink sink) throws IOException {
		if (!Files.exists(path) || Files.size(path) == 0) {
			return 0;
		}
		boolean endsWithNewline;
		try (RandomAccessFile raf = new RandomAccessFile(path.toFile(), "r")) {
			raf.seek(raf.length() - 1);
			endsWithNewline = raf.read() == '\n';
		}
		List<String> badLines = new ArrayList<>();
		long accepted = 0;
		int fields = 1 + parameterCount + metricCount + SETTINGS_COLUMNS.size();
		String settingsFields = settingsFields(settings);
		double[] p = new double[parameterCount];
		double[] m = new double[metricCount];
		StringBuilder kept = null;
		try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			String first = in.readLine();
			if (!String.join(",", header).equals(first)) {
				throw new IOException(path + " line 1: header " + first + " differs from the sweep's " + String.join(",", header));
			}
			String line = in.readLine();
			int lineNo = 1;
			while (line != null) {
				lineNo++;
				String next = in.readLine();
				boolean partial = next == null && !endsWithNewline;
				boolean ok = !partial && line.endsWith(settingsFields) && parse(line, fields, p, m) && sink.row(Long.parseLong(line.substring(0, line.indexOf(','))), p, m);
				if (ok) {
					accepted++;
					if (kept != null) {
						kept.append(line).append('\n');
					}
				} else {
					if (kept == null) {
						kept = rowsSoFar(path, lineNo);
					}
					badLines.add(partial ? "line " + lineNo + " (incomplete)" : "line " + lineNo);
				}
				line = next;
			}
		}
		if (kept != null) {
			Path temp = path.resolveSibling(path.getFileName() + ".tmp");
			Files.writeString(temp, String.join(",", header) + "\n" + kept, StandardCharsets.UTF_8);
			AtomicFiles.move(temp, path);
		}
		return accepted;
	}

	private static StringBuilder rowsSoFar(Path path, int lineNo) throws IOException {
		StringBuilder s = new StringBuilder();
		try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
			in.readLine();
			for (int n = 2; n < lineNo; n++) {
				s.append(in.readLine()).append('\n');
			}
		}
		return s;
	}

	private static boolean parse(String line, int fields, double[] p, double[] m) {
		String[] parts = line.split(",", -1);
		if (parts.length != fields) {
			return false;
		}
		try {
			Long.parseLong(parts[0]);
			for (int i = 0; i < p.length; i++) {
				p[i] = Double.parseDouble(parts[1 + i]);
			}
			for (int i = 0; i < m.length; i++) {
				String metric = parts[1 + p.length + i];
				m[i] = metric.isEmpty() ? Double.NaN : Double.parseDouble(metric);
			}
			return true;
		} catch (NumberFormatException e) {
			return false;
		}
	}

	/** Atomic replacement of a file by a sibling temp file. */
	static final class AtomicFiles {
		private AtomicFiles() {
		}

		static void move(Path temp, Path target) throws IOException {
			try {
				Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
			} catch (java.nio.file.AtomicMoveNotSupportedException e) {
				Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
			}
		}
	}
}
