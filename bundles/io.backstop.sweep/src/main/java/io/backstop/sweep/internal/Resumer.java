package io.backstop.sweep.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.backstop.data.OhlcvFiles;
import io.backstop.data.OhlcvSeries;
import io.backstop.sweep.RangeWorker;
import io.backstop.data.SyntheticSeries;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepState;

/**
 * Continues a sweep from its directory: reads the checkpoint, re-reads the results file to
 * rebuild the top-K (dropping a partial last line, duplicates and malformed lines), reconciles
 * the two (a row written after the last checkpoint counts as done; a done combination without
 * a row is computed again), and starts the workers on what is left, appending to the same file.
 */
final class Resumer {

	private static final Pattern SYNTHETIC = Pattern.compile("synthetic\\(seed=(-?\\d+), bars=(\\d+)\\)");

	private final SweepEngine engine;

	Resumer(SweepEngine engine) {
		this.engine = engine;
	}

	/** The sweep directory named by an id (under the sweeps directory), a directory or a checkpoint file. */
	static Path directory(Path sweepsDir, String idOrPath) throws IOException {
		Path p = Path.of(idOrPath);
		if (Files.isRegularFile(p)) {
			p = p.toAbsolutePath().getParent();
		} else if (!Files.isDirectory(p)) {
			p = sweepsDir.resolve(idOrPath);
		}
		if (!Files.isRegularFile(p.resolve(Checkpoint.FILE_NAME))) {
			throw new IOException("no sweep checkpoint at " + p.resolve(Checkpoint.FILE_NAME));
		}
		return p;
	}

	/**
	 * Reloads the series a checkpoint names: a synthetic series, or the bars of the data file it came from (all of
	 * them, or the date range it ran on: as many bars as the checkpoint counts from its first bar's time).
	 */
	static OhlcvSeries reloadSeries(Path dir) throws IOException {
		Checkpoint ck = Checkpoint.read(dir.resolve(Checkpoint.FILE_NAME), null);
		String source = ck.seriesSource();
		Matcher m = SYNTHETIC.matcher(source);
		if (m.matches()) {
			return SyntheticSeries.generate(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
		}
		try {
			Path file = Path.of(source);
			if (Files.isRegularFile(file)) {
				return barsRunOn(OhlcvFiles.load(file, ck.seriesName(), OhlcvFiles.Options.DEFAULT), ck);
			}
		} catch (java.nio.file.InvalidPathException notAPath) {
			// fall through
		}
		throw new IOException("cannot reload series " + ck.seriesName() + " of sweep " + ck.id() + " from \"" + source
				+ "\"; resume it with the series given explicitly");
	}

	/** The checkpoint's bars of a whole file: a date range found by its first bar's time; else the file as loaded. */
	private static OhlcvSeries barsRunOn(OhlcvSeries file, Checkpoint ck) {
		if (ck.seriesFirstTime() == Long.MIN_VALUE || file.size() == ck.seriesBars()) {
			return file;
		}
		int first = java.util.Arrays.binarySearch(file.timestamps(), ck.seriesFirstTime());
		if (first < 0 || first + ck.seriesBars() > file.size()) {
			return file;
		}
		return file.slice(first, first + ck.seriesBars());
	}

	/**
	 * Refuses a checkpoint whose combinations were numbered otherwise than the grid numbers them now:
	 * continuing it would mix two numberings in one results file.
	 */
	static void checkNumbering(Checkpoint ck, Grid grid) {
		String strategy = ck.spec().strategyId();
		if (ck.constraints() == null && !grid.numberedAsUnconstrained()) {
			throw new IllegalStateException(String.format(java.util.Locale.ROOT,
					"sweep %s was saved before %s's constraints (%s) were applied to its %,d combinations, which now "
							+ "number %,d; it cannot be continued: start the sweep again",
					ck.id(), strategy, grid.constraints(), grid.unconstrainedTotal(), grid.total()));
		}
		if (ck.constraints() != null && !ck.constraints().equals(grid.constraints())) {
			throw new IllegalStateException("sweep " + ck.id() + " numbered its combinations by " + strategy
					+ "'s constraints \"" + ck.constraints() + "\", which are now \"" + grid.constraints()
					+ "\"; it cannot be continued: start the sweep again");
		}
	}

	SweepHandle resume(Path dir, OhlcvSeries series) throws IOException {
		return resume(dir, series, false);
	}

	/** @param distributed whether ranges go to the remote workers too, as for {@link SweepEngine#startDistributed} */
	SweepHandle resume(Path dir, OhlcvSeries series, boolean distributed) throws IOException {
		Checkpoint ck = Checkpoint.read(dir.resolve(Checkpoint.FILE_NAME), series);
		if (!ck.seriesFingerprint().equals(series.fingerprint())) {
			throw new IOException("series " + series.name() + " differs from the one sweep " + ck.id()
					+ " ran on (fingerprint " + ck.seriesFingerprint() + ")");
		}
		if (!SweepEngine.resumable(ck.state()) && ck.state() != SweepState.COMPLETED) {
			throw new IllegalStateException("sweep " + ck.id() + " cannot be resumed from state " + ck.state());
		}
		SweepEngine.Prepared p = engine.prepare(ck.spec());
		checkNumbering(ck, p.grid());
		long total = p.grid().total();
		if (total != ck.total()) {
			throw new IOException(dir + ": checkpoint holds " + ck.total() + " combinations, the grid " + total);
		}
		DoneSet done = DoneSet.of(total, ck.allBits());
		DoneSet seen = new DoneSet(total);
		TopK top = new TopK(ck.spec().topK(), ck.spec().objective().direction(), p.evaluator().metricNames());
		int objectiveAt = p.evaluator().metricNames().indexOf(ck.spec().objective().metric());
		Path resultsPath = dir.resolve(ResultsFile.FILE_NAME);
		ResultsFile.readAndRepair(resultsPath, p.header(), ck.spec().settings(), p.grid().parameterCount(),
				p.evaluator().metricNames().size(),
				(index, params, metrics) -> {
					if (index < 0 || index >= total || !seen.markDone(index)) {
						return false;
					}
					done.markDone(index);
					top.offer(index, metrics[objectiveAt], params, metrics);
					return true;
				});
		long[] doneBits = done.snapshot();
		long[] seenBits = seen.snapshot();
		for (int w = 0; w < doneBits.length; w++) {
			long missing = doneBits[w] & ~seenBits[w];
			while (missing != 0) {
				done.clear(((long) w << 6) + Long.numberOfTrailingZeros(missing));
				missing &= missing - 1;
			}
		}
		if (done.count() == total) {
			throw new IllegalStateException("sweep " + ck.id() + " is already complete");
		}
		List<RangeWorker> remote = distributed ? engine.remoteWorkers(ck.id(), ck.spec()) : List.of();
		ResultsFile results = ResultsFile.open(resultsPath, p.header(), ck.spec().settings());
		return engine.launch(new SweepRun(ck.id(), ck.spec(), dir, p.grid(), p.evaluator(), done, top, results,
				engine.signalNow(), engine::finishedRun, engine.workerPool(), remote, engine.localName()),
				p.strategy());
	}
}
