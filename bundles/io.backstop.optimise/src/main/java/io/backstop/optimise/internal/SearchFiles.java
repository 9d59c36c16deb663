package io.backstop.optimise.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.Sizing;
import io.backstop.data.OhlcvSeries;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.SavedRun;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepMetrics;

/**
 * A search's files: {@code evaluations.csv} (every evaluation, in order, numbers at full precision so
 * a replay gives the algorithm exactly the scores it had) and {@code checkpoint.properties}.
 */
final class SearchFiles {

	static final String RESULTS = "evaluations.csv";
	static final String CHECKPOINT = "checkpoint.properties";
	/** A walk-forward's checkpoint, in its directory beside its windows' search directories. */
	static final String WALK_FORWARD = "walkforward.properties";

	private SearchFiles() {
	}

	/** The header: index, each parameter, each metric. */
	static String header(List<String> parameters, List<String> metrics) {
		return "index," + String.join(",", parameters) + "," + String.join(",", metrics);
	}

	/** One line; a refused evaluation's metrics are empty fields. */
	static String line(Evaluation e, List<String> metrics) {
		StringBuilder s = new StringBuilder().append(e.index());
		e.parameters().values().forEach(v -> s.append(',').append(v));
		for (String m : metrics) {
			s.append(',');
			Double v = e.metrics().get(m);
			if (v != null) {
				s.append(v);
			}
		}
		return s.toString();
	}

	/** Opens the results file for appending, writing the header when it is new. */
	static BufferedWriter append(Path file, List<String> parameters, List<String> metrics) throws IOException {
		boolean fresh = !Files.exists(file) || Files.size(file) == 0;
		BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND);
		if (fresh) {
			out.write(header(parameters, metrics));
			out.newLine();
			out.flush();
		}
		return out;
	}

	/**
	 * A search's evaluations on file, in order. A last line cut short (the process ended while writing it)
	 * is dropped and the file rewritten without it.
	 *
	 * @param objective the metric whose value is the evaluation's objective
	 * @throws IOException naming the file and line of a line that cannot be read
	 */
	static List<Evaluation> read(Path file, String objective) throws IOException {
		return read(file, objective, true);
	}

	/**
	 * A sweep's computed combinations as evaluations, in file order (the index is the combination's);
	 * the run settings' columns after the figures are left aside, and the file is left as it is.
	 */
	static List<Evaluation> readSweep(Path file, String objective) throws IOException {
		return read(file, objective, false);
	}

	private static List<Evaluation> read(Path file, String objective, boolean search) throws IOException {
		List<Evaluation> evaluations = new ArrayList<>();
		if (!Files.exists(file)) {
			return evaluations;
		}
		List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
		if (lines.isEmpty()) {
			return evaluations;
		}
		String[] header = lines.get(0).split(",", -1);
		int metricsStart = Arrays.asList(header).indexOf(SweepMetrics.FIGURES.get(0));
		if (metricsStart < 1) {
			throw new IOException(file + " line 1: no " + SweepMetrics.FIGURES.get(0) + " column");
		}
		List<String> kept = new ArrayList<>(List.of(lines.get(0)));
		for (int n = 1; n < lines.size(); n++) {
			String[] fields = lines.get(n).split(",", -1);
			if (fields.length != header.length) {
				if (n == lines.size() - 1) {
					break; // cut short
				}
				throw new IOException(file + " line " + (n + 1) + ": " + fields.length + " fields, the header has "
						+ header.length);
			}
			try {
				int index = Integer.parseInt(fields[0]);
				if (search && index != evaluations.size()) {
					throw new IOException(file + " line " + (n + 1) + ": index " + index + ", expected "
							+ evaluations.size());
				}
				Map<String, Double> params = new LinkedHashMap<>();
				Map<String, Double> metrics = new LinkedHashMap<>();
				for (int f = 1; f < fields.length; f++) {
					if (fields[f].isEmpty()) {
						continue;
					}
					if (f < metricsStart) {
						params.put(header[f], Double.parseDouble(fields[f]));
					} else if (SweepMetrics.FIGURES.contains(header[f]) || SweepMetrics.ORIGINAL.contains(header[f])) {
						metrics.put(header[f], Double.parseDouble(fields[f]));
					}
				}
				Double value = metrics.get(objective);
				evaluations.add(new Evaluation(index, params, metrics, value == null ? Double.NaN : value));
				kept.add(lines.get(n));
			} catch (NumberFormatException e) {
				throw new IOException(file + " line " + (n + 1) + ": not a number: " + e.getMessage());
			}
		}
		if (search && kept.size() != lines.size()) {
			Files.write(file, kept, StandardCharsets.UTF_8);
		}
		return evaluations;
	}

	/** Writes the checkpoint atomically. */
	static void writeCheckpoint(Path dir, String id, SearchSpec spec, SearchSpace space, SearchState state,
			int evaluations, String message) throws IOException {
		Properties p = specProperties(id, spec, space);
		p.setProperty("state", state.name());
		p.setProperty("evaluations", Integer.toString(evaluations));
		p.setProperty("message", message);
		store(p, dir, CHECKPOINT, "search " + id);
	}

	/** Writes a walk-forward's checkpoint atomically: its search's spec on the whole series, its windows, its state. */
	static void writeWalkForward(Path dir, String id, WalkForwardSpec spec, SearchSpace space, SearchState state,
			int windowsDone, String message) throws IOException {
		Properties p = specProperties(id, spec.search(), space);
		p.setProperty("windows", Integer.toString(spec.windows()));
		p.setProperty("in.bars", Integer.toString(spec.inBars()));
		p.setProperty("out.bars", Integer.toString(spec.outBars()));
		p.setProperty("anchored", Boolean.toString(spec.anchored()));
		p.setProperty("state", state.name());
		p.setProperty("windows.done", Integer.toString(windowsDone));
		p.setProperty("message", message);
		store(p, dir, WALK_FORWARD, "walk-forward " + id);
	}

	private static Properties specProperties(String id, SearchSpec spec, SearchSpace space) {
		Properties p = new Properties();
		p.setProperty("id", id);
		p.setProperty("strategy", spec.strategyId());
		p.setProperty("method", spec.method().label());
		p.setProperty("seed", Long.toString(spec.seed()));
		p.setProperty("budget", Integer.toString(spec.budget()));
		p.setProperty("patience", Integer.toString(spec.patience()));
		p.setProperty("objective.metric", spec.objective().metric());
		p.setProperty("objective.direction", spec.objective().direction().name());
		RunSettings s = spec.settings();
		p.setProperty("settings.capital", Double.toString(s.initialCapital()));
		p.setProperty("settings.fees.bps", Double.toString(s.feesBps()));
		p.setProperty("settings.slippage.bps", Double.toString(s.slippageBps()));
		p.setProperty("settings.sizing", s.sizing().name());
		p.setProperty("settings.sizing.value", Double.toString(s.sizingValue()));
		p.setProperty("settings.short", Boolean.toString(s.allowShort()));
		p.setProperty("settings.ruin", s.ruin().name());
		p.setProperty("parameters", String.join(",", space.names()));
		for (ParameterRange r : space.ranges()) {
			p.setProperty("range." + r.name(),
					Arrays.stream(r.values()).mapToObj(Double::toString).collect(Collectors.joining(",")));
		}
		OhlcvSeries series = spec.series();
		p.setProperty("series.name", series.name());
		p.setProperty("series.source", series.source());
		p.setProperty("series.bars", Integer.toString(series.size()));
		p.setProperty("series.first", Long.toString(series.isEmpty() ? 0 : series.firstTimestamp()));
		p.setProperty("series.last", Long.toString(series.isEmpty() ? 0 : series.lastTimestamp()));
		p.setProperty("series.fingerprint", series.fingerprint());
		return p;
	}

	private static void store(Properties p, Path dir, String name, String comment) throws IOException {
		Path tmp = dir.resolve(name + ".tmp");
		try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
			p.store(out, comment);
		}
		Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	/** A checkpoint read back: its id, state and the spec on the given series. */
	record Checkpoint(String id, SearchState state, SearchSpec spec) {
	}

	/** A walk-forward's checkpoint read back. */
	record WalkForwardCheckpoint(String id, SearchState state, WalkForwardSpec spec) {
	}

	/**
	 * @throws IOException naming the file and the key that is missing or wrong, or a series that differs
	 */
	static Checkpoint readCheckpoint(Path dir, OhlcvSeries series) throws IOException {
		Path file = dir.resolve(CHECKPOINT);
		Properties p = load(file);
		try {
			return new Checkpoint(require(p, "id", file), SearchState.valueOf(require(p, "state", file)),
					spec(p, file, series));
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * @throws IOException naming the file and the key that is missing or wrong, or a series that differs
	 */
	static WalkForwardCheckpoint readWalkForward(Path dir, OhlcvSeries series) throws IOException {
		Path file = dir.resolve(WALK_FORWARD);
		Properties p = load(file);
		try {
			WalkForwardSpec spec = new WalkForwardSpec(spec(p, file, series), (int) num(p, "windows", file),
					(int) num(p, "in.bars", file), (int) num(p, "out.bars", file),
					Boolean.parseBoolean(require(p, "anchored", file)));
			return new WalkForwardCheckpoint(require(p, "id", file), SearchState.valueOf(require(p, "state", file)), spec);
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}

	/**
	 * What the checkpoint in a directory says of its run, without its bars.
	 *
	 * @throws IOException naming the directory when it holds neither checkpoint, or the file when it cannot be read
	 */
	static SavedRun saved(Path dir) throws IOException {
		boolean walk = Files.exists(dir.resolve(WALK_FORWARD));
		Path file = dir.resolve(walk ? WALK_FORWARD : CHECKPOINT);
		if (!Files.exists(file)) {
			throw new IOException(dir + ": no search or walk-forward checkpoint (" + CHECKPOINT + " or " + WALK_FORWARD + ")");
		}
		Properties p = load(file);
		if (!walk) {
			require(p, "method", file);
		}
		try {
			return new SavedRun(require(p, "id", file), walk, dir, SearchState.valueOf(require(p, "state", file)),
					require(p, "strategy", file), require(p, "series.name", file), require(p, "series.source", file),
					(int) num(p, "series.bars", file), (long) num(p, "series.first", file), (long) num(p, "series.last", file),
					require(p, "series.fingerprint", file));
		} catch (IllegalArgumentException e) {
			throw new IOException(file + ": " + e.getMessage(), e);
		}
	}

	private static Properties load(Path file) throws IOException {
		Properties p = new Properties();
		try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			p.load(in);
		}
		return p;
	}

	private static SearchSpec spec(Properties p, Path file, OhlcvSeries series) throws IOException {
		if (!series.fingerprint().equals(p.getProperty("series.fingerprint"))) {
			throw new IOException(file + ": the run used other bars (" + p.getProperty("series.name") + ", "
					+ p.getProperty("series.bars") + " bars) than " + series.name() + " (" + series.size() + " bars)");
		}
		List<ParameterRange> ranges = new ArrayList<>();
		for (String name : require(p, "parameters", file).split(",")) {
			double[] values = Arrays.stream(require(p, "range." + name, file).split(","))
					.mapToDouble(Double::parseDouble).toArray();
			ranges.add(ParameterRange.values(name, values));
		}
		RunSettings settings = new RunSettings(num(p, "settings.capital", file), num(p, "settings.fees.bps", file),
				num(p, "settings.slippage.bps", file), Sizing.valueOf(require(p, "settings.sizing", file)),
				num(p, "settings.sizing.value", file), Boolean.parseBoolean(require(p, "settings.short", file)),
				Ruin.valueOf(require(p, "settings.ruin", file)));
		return new SearchSpec(require(p, "strategy", file), series, ranges, settings,
				new Objective(require(p, "objective.metric", file),
						Objective.Direction.valueOf(require(p, "objective.direction", file))),
				SearchMethod.parse(require(p, "method", file)), (int) num(p, "budget", file),
				Long.parseLong(require(p, "seed", file)), (int) num(p, "patience", file));
	}

	private static String require(Properties p, String key, Path file) throws IOException {
		String v = p.getProperty(key);
		if (v == null) {
			throw new IOException(file + ": no " + key);
		}
		return v;
	}

	private static double num(Properties p, String key, Path file) throws IOException {
		try {
			return Double.parseDouble(require(p, key, file));
		} catch (NumberFormatException e) {
			throw new IOException(file + ": " + key + " is not a number");
		}
	}
}
