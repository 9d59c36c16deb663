package io.backstop.optimise.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardResult;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.optimise.WalkForwardWindow;
import io.backstop.sweep.SweepMetrics;

/**
 * One walk-forward analysis on a thread of its own: for each window, a search on the in-sample bars
 * (in {@code window-<k>} of its directory), then a full backtest of the best parameters on the
 * out-of-sample bars starting with the equity the previous window ended with, appended to the
 * stitched curve. That backtest sees the window's in-sample bars before its own for its indicators'
 * warm-up, and trades and is measured only within the window. A resumed analysis runs the windows
 * again: each window's search replays its file. Each window's search evaluates its points where the
 * walk-forward's placement says. Its checkpoint ({@code walkforward.properties}) is
 * written at the start, after each window and at the end; at the end it writes {@code windows.csv}
 * and {@code oos_equity.csv}.
 */
final class WalkForwardRun implements WalkForwardHandle {

	private final String id;
	private final WalkForwardSpec spec;
	private final Path directory;
	private final Optimiser optimiser;
	private final RunControl control;
	private final Strategy strategy;
	private final Placement placement;
	private final CompletableFuture<WalkForwardResult> completion = new CompletableFuture<>();

	private final List<WalkForwardWindow> windows = new ArrayList<>();
	private long[] times = new long[0];
	private double[] equity = new double[0];
	private volatile String message = "";
	private volatile SearchRun current;
	private volatile Thread thread;

	WalkForwardRun(String id, WalkForwardSpec spec, Path directory, Optimiser optimiser, BooleanSupplier stopRaised,
			Placement placement) {
		this.placement = placement;
		this.id = id;
		this.spec = spec;
		this.directory = directory;
		this.optimiser = optimiser;
		this.control = new RunControl(stopRaised);
		this.strategy = optimiser.strategy(spec.search().strategyId());
	}

	WalkForwardRun start() {
		thread = Thread.ofPlatform().daemon().name("walk-forward " + id).start(this::run);
		return this;
	}

	private void run() {
		SearchState end = SearchState.COMPLETED;
		String why = String.format(Locale.ROOT, "%d window%s tested out of sample", spec.windows(), spec.windows() == 1 ? "" : "s");
		try {
			Files.createDirectories(directory);
			checkpoint();
			double capital = spec.search().settings().initialCapital();
			for (int k = 0; k < spec.windows(); k++) {
				WindowOutcome outcome = window(k, capital);
				if (outcome.ended != null) {
					end = outcome.ended;
					why = outcome.reason;
					break;
				}
				capital = equity.length == 0 ? capital : equity[equity.length - 1];
				checkpoint();
			}
			writeFiles();
		} catch (IOException | RuntimeException | LinkageError e) {
			end = SearchState.FAILED;
			why = e instanceof LinkageError || e.getMessage() == null ? e.toString() : e.getMessage();
		}
		synchronized (this) {
			control.end(end);
			message = why;
		}
		try {
			checkpoint();
		} catch (IOException e) {
			synchronized (this) {
				control.end(SearchState.FAILED);
				message = why + "; cannot write the checkpoint: " + e.getMessage();
			}
		}
		completion.complete(result());
	}

	private void checkpoint() throws IOException {
		SearchState state;
		int done;
		String why;
		synchronized (this) {
			state = control.state();
			done = windows.size();
			why = message;
		}
		SearchFiles.writeWalkForward(directory, id, spec, SearchSpace.of(strategy, spec.search().ranges()), state, done, why);
	}

	private record WindowOutcome(SearchState ended, String reason) {
	}

	private WindowOutcome window(int k, double capital) throws IOException {
		OhlcvSeries series = spec.search().series();
		int[] in = spec.inSample(k);
		int[] out = spec.outOfSample(k);
		OhlcvSeries inBars = series.slice(in[0], in[1]);
		Path windowDir = directory.resolve("window-" + (k + 1));
		SearchSpec search = spec.search().withSeries(inBars);
		List<Evaluation> replay = SearchFiles.read(windowDir.resolve(SearchFiles.RESULTS), search.objective().metric());
		SearchRun run = optimiser.newSearch(id + "-window-" + (k + 1), search, windowDir, replay, placement);
		current = run;
		if (control.reason() != 0) {
			run.control().halt(control.reason());
		}
		SearchStatus status = run.run();
		if (status.state() != SearchState.COMPLETED) {
			return new WindowOutcome(status.state(), "window " + (k + 1) + ": " + status.message());
		}
		OhlcvSeries outBars = series.slice(out[0], out[1]);
		Evaluation best = status.best();
		double[] windowEquity;
		Map<String, Double> outMetrics = new LinkedHashMap<>();
		double outAnnual = 0;
		double inAnnual = 0;
		if (best == null || !(capital > 0)) {
			windowEquity = new double[outBars.size()];
			Arrays.fill(windowEquity, Math.max(0, capital));
		} else {
			OhlcvSeries tested = spec.outOfSampleTest(k);
			BacktestResult result = strategy.run(tested, Parameters.of(best.parameters()),
					search.settings().withCapital(capital), control.token(), run.cache());
			if (result.isCancelled()) {
				SearchEnded halted = control.halted();
				return new WindowOutcome(halted.state,
						"window " + (k + 1) + ": " + halted.getMessage() + " during its out-of-sample backtest");
			}
			BacktestResult measured = result.measuredFrom(spec.warmUpBars(k), tested.timestamps());
			windowEquity = measured.equity();
			Metrics metrics = measured.metrics();
			double[] figures = new double[SweepMetrics.FIGURES.size()];
			SweepMetrics.write(metrics, figures);
			for (int m = 0; m < figures.length; m++) {
				outMetrics.put(SweepMetrics.FIGURES.get(m), figures[m]);
			}
			double periodsPerYear = metrics.periodsPerYear();
			outAnnual = metrics.totalReturn() * periodsPerYear / outBars.size();
			inAnnual = best.metrics().get(SweepMetrics.TOTAL_RETURN_PCT) / 100 * periodsPerYear / inBars.size();
		}
		String metric = search.objective().metric();
		WalkForwardWindow window = new WalkForwardWindow(k, in[0], in[1], out[1], run.id(),
				best == null ? Map.of() : best.parameters(), best == null ? Double.NaN : best.objective(),
				outMetrics.getOrDefault(metric, Double.NaN),
				inAnnual, outAnnual, outMetrics, capital);
		long[] windowTimes = outBars.timestamps();
		synchronized (this) {
			windows.add(window);
			int from = times.length;
			times = Arrays.copyOf(times, from + windowTimes.length);
			System.arraycopy(windowTimes, 0, times, from, windowTimes.length);
			equity = Arrays.copyOf(equity, from + windowEquity.length);
			System.arraycopy(windowEquity, 0, equity, from, windowEquity.length);
		}
		return new WindowOutcome(null, null);
	}

	private void writeFiles() throws IOException {
		WalkForwardResult r = result();
		List<String> names = SearchSpace.of(strategy, spec.search().ranges()).names();
		try (Writer out = Files.newBufferedWriter(directory.resolve("windows.csv"), StandardCharsets.UTF_8)) {
			out.write("window,in_from,in_to,out_to," + String.join(",", names)
					+ ",in_objective,out_objective,in_annual_return_pct,out_annual_return_pct,efficiency\n");
			for (WalkForwardWindow w : r.windows()) {
				StringBuilder line = new StringBuilder().append(w.index() + 1).append(',').append(w.inFrom()).append(',')
						.append(w.inTo()).append(',').append(w.outTo());
				for (String name : names) {
					line.append(',').append(w.parameters().getOrDefault(name, Double.NaN));
				}
				line.append(',').append(w.inObjective()).append(',').append(w.outObjective()).append(',')
						.append(w.inAnnualReturn() * 100).append(',').append(w.outAnnualReturn() * 100).append(',')
						.append(w.efficiency()).append('\n');
				out.write(line.toString());
			}
		}
		try (Writer out = Files.newBufferedWriter(directory.resolve("oos_equity.csv"), StandardCharsets.UTF_8)) {
			out.write("timestamp,equity\n");
			for (int t = 0; t < r.stitchedTimes().length; t++) {
				out.write(r.stitchedTimes()[t] + "," + r.stitchedEquity()[t] + "\n");
			}
		}
	}

	/** For the stop step: see {@link RunControl#haltForStop()}; the window's search is halted too. */
	boolean haltForStop() {
		boolean report = control.haltForStop();
		haltSearch();
		return report;
	}

	private boolean halt(int reason) {
		boolean running = control.halt(reason);
		haltSearch();
		return running;
	}

	private void haltSearch() {
		SearchRun search = current;
		if (search != null && control.reason() != 0) {
			search.control().halt(control.reason());
		}
	}

	String stack() {
		SearchRun search = current;
		return search != null ? search.stack() : id + ": between windows";
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public WalkForwardSpec spec() {
		return spec;
	}

	@Override
	public synchronized WalkForwardResult result() {
		return new WalkForwardResult(control.state(), message, windows, times.clone(), equity.clone(),
				spec.search().settings().initialCapital());
	}

	@Override
	public synchronized int currentWindow() {
		return windows.size();
	}

	@Override
	public Path directory() {
		return directory;
	}

	@Override
	public CompletableFuture<WalkForwardResult> completion() {
		return completion;
	}

	@Override
	public boolean cancel() {
		return halt(RunControl.CANCEL);
	}
}
