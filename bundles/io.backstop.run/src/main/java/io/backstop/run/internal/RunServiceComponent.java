package io.backstop.run.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.DataLibrary;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.Resampler;
import io.backstop.data.SampleData;
import io.backstop.data.Timeframe;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentService;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.backtest.BacktestEvaluator;
import io.backstop.optimise.Heatmap;
import io.backstop.optimise.OptimiseService;
import io.backstop.optimise.OverfitReport;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SavedRun;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.run.Formats;
import io.backstop.run.ParameterInput;
import io.backstop.run.ResultRow;
import io.backstop.run.RunEvents;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;
import io.backstop.run.RunProgress;
import io.backstop.run.RunService;
import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;

/**
 * The run service, and the emergency stop's {@value RunService#HALT_STEP_ID} step that halts its
 * backtests and recomputations (sweeps and LLM runs are halted by their engines' own steps).
 */
@Component(service = { RunService.class, Stoppable.class }, immediate = true, property = {
		Stoppable.ORDER + ":Integer=100", Stoppable.TIMEOUT_MS + ":Long=3000" })
public class RunServiceComponent implements RunService, Stoppable {

	/** How often running work's progress is posted (at most {@link RunEvents#MAX_PROGRESS_PER_SECOND} a second). */
	private static final long PROGRESS_INTERVAL_MS = 1000 / RunEvents.MAX_PROGRESS_PER_SECOND;
	/** Time the halt step keeps before its deadline to report. */
	private static final Duration HALT_RESERVE = Duration.ofMillis(100);

	@Reference
	StopSignal signal;

	@Reference
	StrategyRegistry registry;

	@Reference
	DataLibrary library;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile SweepService sweeps;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile AgentService agents;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile OptimiseService optimiser;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile OllamaClient ollama;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile IndicatorCache indicatorCache;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile EventAdmin eventAdmin;

	private final AtomicReference<OhlcvSeries> series = new AtomicReference<>();
	private final ResultStore results = new ResultStore(
			rows -> post(RunEvents.RESULTS_CHANGED, Map.of(RunEvents.ROWS, rows)));
	private final List<AbstractRun> runs = new CopyOnWriteArrayList<>();
	private final Set<BacktestTask> backtests = ConcurrentHashMap.newKeySet();
	/** Backtests the stop signal halted before the halt step ran, not yet reported by that step. */
	private final Set<BacktestTask> haltedBySignal = ConcurrentHashMap.newKeySet();
	private final AtomicInteger runNumbers = new AtomicInteger();
	private ExecutorService backtestThreads;
	private ScheduledExecutorService progressPoster;

	@Activate
	void activate() {
		AtomicInteger threads = new AtomicInteger();
		backtestThreads = Executors.newCachedThreadPool(r -> daemon(r, "backstop-backtest-" + threads.incrementAndGet()));
		progressPoster = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "backstop-run-progress"));
		progressPoster.scheduleAtFixedRate(this::postProgress, PROGRESS_INTERVAL_MS, PROGRESS_INTERVAL_MS,
				TimeUnit.MILLISECONDS);
	}

	@Deactivate
	void deactivate() {
		backtests.forEach(BacktestTask::cancel);
		progressPoster.shutdownNow();
		backtestThreads.shutdown();
	}

	private static Thread daemon(Runnable r, String name) {
		Thread t = new Thread(r, name);
		t.setDaemon(true);
		return t;
	}

	// --- data

	@Override
	public OhlcvSeries openSample() throws IOException {
		signal.ensureLowered("opening the sample data");
		return opened(SampleData.loadBtcusdt5m());
	}

	@Override
	public OhlcvSeries open(Path file) throws IOException {
		signal.ensureLowered("opening " + file.getFileName());
		if (Files.isDirectory(file)) {
			throw new IllegalArgumentException(file + " is a directory, not a data file");
		}
		return opened(library.open(file));
	}

	@Override
	public OhlcvSeries open(String symbol, String timeframe) throws IOException {
		signal.ensureLowered("opening " + symbol + " " + timeframe);
		return opened(library.load(symbol, timeframe));
	}

	@Override
	public OhlcvSeries resample(String timeframe) {
		Timeframe target = Timeframe.parse(timeframe);
		signal.ensureLowered("resampling to " + target);
		return opened(Resampler.resample(requireSeries(), target));
	}

	private OhlcvSeries opened(OhlcvSeries loaded) {
		if (loaded.isEmpty()) {
			throw new IllegalArgumentException(loaded.source() + " holds no bars");
		}
		// a load that finished just as the stop was raised is let go
		signal.ensureLowered("opening " + loaded.name());
		series.set(loaded);
		post(RunEvents.DATA_OPENED, Map.of(RunEvents.SERIES_NAME, loaded.name(), RunEvents.BARS, loaded.size()));
		return loaded;
	}

	@Override
	public Optional<OhlcvSeries> series() {
		return Optional.ofNullable(series.get());
	}

	// --- what can be run

	@Override
	public List<Strategy> strategies() {
		return registry.all();
	}

	@Override
	public Strategy strategy(String id) {
		return registry.get(id);
	}

	@Override
	public Optional<String> contributor(Strategy strategy) {
		return registry.contributor(strategy);
	}

	@Override
	public List<String> metrics(RunKind kind, String strategyId) {
		return switch (kind) {
		case SWEEP -> SweepMetrics.forStrategy(strategyId);
		case SEARCH, WALK_FORWARD -> SweepMetrics.FIGURES;
		case BACKTEST, LLM -> BacktestEvaluator.METRICS;
		};
	}

	@Override
	public void validate(RunRequest request) {
		Strategy strategy = strategy(request.strategyId());
		Requests.check(request, strategy, metrics(request.kind(), strategy.id()));
		request.range().bars(requireSeries());
		switch (request.kind()) {
		case SWEEP -> require(sweeps, "the sweep engine");
		case LLM -> {
			require(agents, "the LLM agent");
			if (request.llmModel() == null) {
				require(ollama, "the Ollama client");
			}
		}
		case SEARCH -> {
			require(optimiser, "the optimisation service");
			Searches.spec(request, strategy, request.range().apply(requireSeries()));
		}
		case WALK_FORWARD -> {
			require(optimiser, "the optimisation service");
			Searches.walkForward(request, strategy, request.range().apply(requireSeries()));
		}
		case BACKTEST -> {
		}
		}
	}

	private OhlcvSeries requireSeries() {
		OhlcvSeries open = series.get();
		if (open == null) {
			throw new IllegalArgumentException("data: none open; open the bundled sample or a CSV file first");
		}
		return open;
	}

	// --- runs

	@Override
	public RunHandle start(RunRequest request) {
		String what = "the " + request.kind().label() + " of " + request.strategyId();
		AbstractRun run;
		try {
			validate(request);
			signal.ensureLowered(what);
			Strategy strategy = strategy(request.strategyId());
			OhlcvSeries on = request.range().apply(requireSeries());
			int number = runNumbers.incrementAndGet();
			run = switch (request.kind()) {
			case BACKTEST -> startBacktest(request, strategy, on, 0, number);
			case SWEEP -> startSweep(request, strategy, on, number);
			case LLM -> startLlm(request, strategy, on, number);
			case SEARCH -> searchRun(request, "search " + number + " (" + request.search().method().strip().toLowerCase(java.util.Locale.ROOT) + ")",
					require(optimiser, "the optimisation service").start(Searches.spec(request, strategy, on),
							Searches.placement(request)));
			case WALK_FORWARD -> walkForwardRun(request, "walk-forward " + number,
					require(optimiser, "the optimisation service").walkForward(Searches.walkForward(request, strategy, on),
							Searches.placement(request)));
			};
		} catch (RuntimeException e) {
			postRefused(what, e);
			throw e;
		}
		return track(run);
	}

	/** Tells every front end that {@code what} did not start, and why. */
	private void postRefused(String what, Exception failure) {
		String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
		post(RunEvents.REFUSED, Map.of(RunEvents.WHAT, what, RunEvents.REASON, reason));
	}

	@Override
	public RunHandle again(ResultRow row) {
		String what = "the backtest of " + row.strategyId() + " again";
		AbstractRun run;
		try {
			signal.ensureLowered(what);
			RunRequest.Builder request = RunRequest.builder(RunKind.BACKTEST, row.strategyId()).settings(row.settings());
			row.parameters().asMap().forEach((name, value) -> request.parameter(name, new ParameterInput.Value(value)));
			run = startBacktest(request.build(), strategy(row.strategyId()), row.series(), row.warmUpBars(),
					runNumbers.incrementAndGet());
		} catch (RuntimeException e) {
			postRefused(what, e);
			throw e;
		}
		return track(run);
	}

	/** A backtest on {@code on}, measured after its first {@code warmUpBars} bars. */
	private AbstractRun startBacktest(RunRequest request, Strategy strategy, OhlcvSeries on, int warmUpBars, int number) {
		Parameters parameters = Requests.backtestParameters(request, strategy);
		String id = "backtest-" + number;
		String origin = "backtest " + number;
		BacktestTask task = backtest(strategy, on, parameters, request.settings());
		return new BacktestRun(id, request, origin, on, task, (result, state) -> {
			BacktestResult measured = result.measuredFrom(warmUpBars, on.timestamps());
			return results.add(id, RunKind.BACKTEST, origin, strategy.id(), request.settings(), status(measured, state), on,
					warmUpBars, List.of(measured.parameters()), List.of(BacktestEvaluator.metrics(measured.metrics())),
					measured).get(0);
		});
	}

	private AbstractRun startSweep(RunRequest request, Strategy strategy, OhlcvSeries on, int number) {
		SweepService service = require(sweeps, "the sweep engine");
		SweepSpec.Builder spec = SweepSpec.builder(strategy.id(), on).settings(request.settings())
				.objective(new Objective(request.objective().metric(),
						request.objective().maximise() ? Objective.Direction.MAXIMIZE : Objective.Direction.MINIMIZE))
				.topK(request.topK()).workers(request.workers());
		Requests.sweepRanges(request, strategy).forEach(spec::range);
		return sweepRun(request, "sweep " + number,
				request.cluster() ? service.startDistributed(spec.build()) : service.start(spec.build()));
	}

	private SweepRunHandle sweepRun(RunRequest request, String origin, SweepHandle handle) {
		SweepSpec spec = handle.spec();
		return new SweepRunHandle(request, origin, handle, (status, combos) -> addCombos(handle.id(), RunKind.SWEEP,
				origin, spec.strategyId(), spec.settings(), status, spec.series(), 0, combos));
	}

	private AbstractRun startLlm(RunRequest request, Strategy strategy, OhlcvSeries on, int number) {
		AgentService service = require(agents, "the LLM agent");
		String model = request.llmModel() != null ? request.llmModel() : require(ollama, "the Ollama client").model();
		AgentSpec spec = AgentSpec.of(strategy.id(), on.name() + " (" + on.size() + " bars)",
				Requests.llmBounds(request, strategy),
				new io.backstop.llm.Objective(request.objective().metric(), request.objective().maximise()),
				request.llmIterations(), model);
		AgentRun agentRun = service.start(spec,
				new BacktestEvaluator(strategy, on, request.settings(), indicatorCache));
		String origin = "LLM " + number + " (" + model + ")";
		return new LlmRunHandle(request.toBuilder().llmModel(model).build(), origin, on.name(), agentRun, strategy, signal,
				(status, evaluated) -> addCombos(agentRun.id(), RunKind.LLM, origin, strategy.id(), request.settings(),
						status, on, 0, evaluated));
	}

	private List<ResultRow> addCombos(String runId, RunKind kind, String origin, String strategyId, RunSettings settings,
			String status, OhlcvSeries on, int warmUpBars, List<Map.Entry<Parameters, Map<String, Double>>> combos) {
		List<Parameters> parameters = new ArrayList<>();
		List<Map<String, Double>> figures = new ArrayList<>();
		combos.forEach(c -> {
			parameters.add(c.getKey());
			figures.add(c.getValue());
		});
		return results.add(runId, kind, origin, strategyId, settings, status, on, warmUpBars, parameters, figures, null);
	}

	private SearchRunHandle searchRun(RunRequest request, String origin, SearchHandle handle) {
		SearchSpec spec = handle.spec();
		KeptRows.write(handle.directory(), request.topK());
		return new SearchRunHandle(request, origin, handle, (status, combos) -> addCombos(handle.id(), RunKind.SEARCH,
				origin, spec.strategyId(), spec.settings(), status, spec.series(), 0, complete(spec.strategyId(), combos)));
	}

	private WalkForwardRunHandle walkForwardRun(RunRequest request, String origin, WalkForwardHandle handle) {
		WalkForwardSpec spec = handle.spec();
		SearchSpec search = spec.search();
		return new WalkForwardRunHandle(request, origin, handle, (status, window, combos) -> addCombos(handle.id(),
				RunKind.WALK_FORWARD, origin, search.strategyId(), search.settings().withCapital(window.capital()), status,
				spec.outOfSampleTest(window.index()), spec.warmUpBars(window.index()), complete(search.strategyId(), combos)));
	}

	/** Parameter sets with every parameter of the strategy, those a search did not vary at their defaults. */
	private List<Map.Entry<Parameters, Map<String, Double>>> complete(String strategyId,
			List<Map.Entry<Parameters, Map<String, Double>>> combos) {
		Optional<Strategy> strategy = registry.all().stream().filter(s -> s.id().equals(strategyId)).findFirst();
		if (strategy.isEmpty()) {
			return combos;
		}
		return combos.stream().map(c -> Map.entry(c.getKey().resolve(strategy.get().parameters()), c.getValue())).toList();
	}

	@Override
	public RunHandle resume(String idOrDirectory, RunSettings settings, boolean cluster) throws IOException {
		Optional<Path> saved = savedSearch(idOrDirectory);
		if (saved.isPresent() || find(idOrDirectory).map(r -> r instanceof SearchRunHandle || r instanceof WalkForwardRunHandle)
				.orElse(false)) {
			return resumeSearch(idOrDirectory, saved, settings, cluster);
		}
		String what = "resuming sweep " + idOrDirectory;
		SweepHandle handle;
		try {
			SweepService service = require(sweeps, "the sweep engine");
			signal.ensureLowered(what);
			if (settings != null) {
				Optional<SweepHandle> known = service.get(idOrDirectory);
				RunSettings recorded = known.isPresent() ? known.get().spec().settings()
						: ResumeSettings.read(Path.of(idOrDirectory));
				ResumeSettings.difference(recorded, settings).ifPresent(line -> {
					throw new IllegalArgumentException(line);
				});
			}
			handle = cluster ? service.resumeDistributed(idOrDirectory) : service.resume(idOrDirectory);
		} catch (RuntimeException | IOException e) {
			postRefused(what, e);
			throw e;
		}
		SweepSpec spec = handle.spec();
		RunRequest.Builder request = RunRequest.builder(RunKind.SWEEP, spec.strategyId()).settings(spec.settings())
				.objective(new RunObjective(spec.objective().metric(),
						spec.objective().direction() == Objective.Direction.MAXIMIZE))
				.topK(spec.topK()).workers(spec.workers()).cluster(cluster);
		Requests.inputsOf(spec.ranges()).forEach(request::parameter);
		return track(sweepRun(request.build(), "sweep " + runNumbers.incrementAndGet() + " (resumed)", handle));
	}

	/**
	 * The directory of a search or walk-forward on disk that {@code idOrDirectory} names: a directory with
	 * a search's or walk-forward's checkpoint, or the id of one in the searches directory.
	 */
	private Optional<Path> savedSearch(String idOrDirectory) {
		OptimiseService service = optimiser;
		if (service == null || idOrDirectory.isBlank()) {
			return Optional.empty();
		}
		List<Path> candidates = new ArrayList<>();
		try {
			candidates.add(service.searchesDirectory().resolve(idOrDirectory));
			candidates.add(Path.of(idOrDirectory));
		} catch (java.nio.file.InvalidPathException e) {
			return Optional.empty();
		}
		for (Path candidate : candidates) {
			Path dir = Files.isRegularFile(candidate) ? candidate.getParent() : candidate;
			if (dir == null || !Files.isDirectory(dir)) {
				continue;
			}
			try {
				service.saved(dir);
				return Optional.of(dir);
			} catch (IOException notASearch) {
				// a sweep's directory, or no run's
			}
		}
		return Optional.empty();
	}

	/** Continues a search or walk-forward: one of this session, or one on disk with the open series' bars. */
	private RunHandle resumeSearch(String idOrDirectory, Optional<Path> directory, RunSettings settings, boolean cluster)
			throws IOException {
		String what = "resuming " + idOrDirectory;
		AbstractRun run;
		try {
			OptimiseService service = require(optimiser, "the optimisation service");
			signal.ensureLowered(what);
			if (settings != null) {
				throw new IllegalArgumentException("settings: a search or walk-forward resumes with the settings it started with; give none");
			}
			SavedRun saved = directory.isPresent() ? service.saved(directory.get()) : null;
			String id = saved != null ? saved.id() : idOrDirectory;
			// one the optimisation service still knows goes on with the bars it ran on; others from their files
			boolean walkForward = service.walkForwardRun(id).isPresent()
					|| (service.search(id).isEmpty() && (saved != null ? saved.walkForward()
							: find(id).orElseThrow() instanceof WalkForwardRunHandle));
			String origin = (walkForward ? "walk-forward " : "search ") + runNumbers.incrementAndGet() + " (resumed)";
			if (walkForward) {
				int workers = find(id).map(r -> r.request().workers()).orElse(0);
				Placement placement = new Placement(workers, cluster);
				WalkForwardHandle handle = service.walkForwardRun(id).isPresent() || saved == null
						? service.resumeWalkForward(id, placement)
						: service.resumeWalkForward(saved.directory(), seriesOf(saved), placement);
				run = walkForwardRun(Searches.request(handle.spec()).toBuilder().workers(workers).cluster(cluster).build(),
						origin, handle);
			} else {
				int workers = find(id).map(r -> r.request().workers()).orElse(0);
				Placement placement = new Placement(workers, cluster);
				SearchHandle handle = service.search(id).isPresent() || saved == null ? service.resume(id, placement)
						: service.resume(saved.directory(), seriesOf(saved), placement);
				int topK = find(id).map(r -> r.request().topK()).orElseGet(() -> KeptRows.read(handle.directory()));
				run = searchRun(Searches.request(handle.spec(), RunKind.SEARCH).toBuilder().topK(topK).workers(workers)
						.cluster(cluster).build(), origin, handle);
			}
		} catch (RuntimeException | IOException e) {
			postRefused(what, e);
			throw e;
		}
		return track(run);
	}

	/**
	 * The bars a saved search ran on: the open series' bars between its first and last time when they are
	 * the same bars, else those of the file it was read from.
	 *
	 * @throws IllegalArgumentException naming the series to open when neither has them
	 */
	private OhlcvSeries seriesOf(SavedRun saved) throws IOException {
		OhlcvSeries open = series.get();
		if (open != null) {
			Optional<OhlcvSeries> bars = Searches.bars(open, saved);
			if (bars.isPresent()) {
				return bars.get();
			}
		}
		Path source = Searches.sourceFile(saved);
		if (source != null) {
			Optional<OhlcvSeries> bars = Searches.bars(library.open(source), saved);
			if (bars.isPresent()) {
				return bars.get();
			}
		}
		throw new IllegalArgumentException(saved.id() + " ran on " + saved.seriesName() + " (" + Formats.count(saved.bars())
				+ " bars from " + Formats.barTime(saved.firstTime()) + "); open that data first, then resume");
	}

	private RunHandle track(AbstractRun run) {
		// a resumed sweep keeps its id: its new handle takes the place of the one that was halted
		runs.removeIf(earlier -> earlier.id().equals(run.id()));
		runs.add(run);
		post(RunEvents.STARTED, describe(run));
		run.completion().thenAccept(outcome -> {
			Map<String, Object> properties = describe(run);
			properties.put(RunEvents.OUTCOME, outcome);
			post(RunEvents.FINISHED, properties);
		});
		return run;
	}

	@Override
	public List<RunHandle> runs() {
		return List.copyOf(runs);
	}

	@Override
	public Optional<RunHandle> find(String id) {
		return runs.stream().filter(r -> r.id().equals(id)).map(RunHandle.class::cast).findFirst();
	}

	@Override
	public boolean cancel(String id) {
		return find(id).map(RunHandle::cancel).orElse(false);
	}

	@Override
	public Optional<SearchHandle> search(String id) {
		return find(id).filter(SearchRunHandle.class::isInstance).map(r -> ((SearchRunHandle) r).search());
	}

	@Override
	public Optional<WalkForwardHandle> walkForward(String id) {
		return find(id).filter(WalkForwardRunHandle.class::isInstance).map(r -> ((WalkForwardRunHandle) r).walkForward());
	}

	@Override
	public OverfitReport overfit(String id) {
		return require(optimiser, "the optimisation service").overfit(id);
	}

	@Override
	public Heatmap heatmap(String searchId, String x, String y, boolean bestOf) {
		return require(optimiser, "the optimisation service").heatmap(searchId, x, y, bestOf);
	}

	// --- results

	@Override
	public List<ResultRow> results() {
		return results.rows();
	}

	@Override
	public CompletableFuture<BacktestResult> detail(ResultRow row) {
		if (row.result() != null) {
			return CompletableFuture.completedFuture(row.result());
		}
		try {
			signal.ensureLowered("recomputing row " + row.number());
		} catch (RuntimeException e) {
			return CompletableFuture.failedFuture(e);
		}
		BacktestTask task = backtest(strategy(row.strategyId()), row.series(), row.parameters(), row.settings());
		return task.done().thenApply(result -> {
			if (result.isCancelled()) {
				throw new CancellationException("recomputing row " + row.number() + " was halted");
			}
			BacktestResult measured = result.measuredFrom(row.warmUpBars(), row.series().timestamps());
			results.attach(row, measured);
			return measured;
		});
	}

	@Override
	public void clearResults() {
		results.clear();
	}

	@Override
	public void exportResults(List<ResultRow> rows, Path file) throws IOException {
		CsvExport.results(rows, file);
	}

	@Override
	public CompletableFuture<Path> exportTrades(ResultRow row, Path file) {
		return detail(row).thenApply(result -> {
			try {
				CsvExport.trades(result, file);
				return file;
			} catch (IOException e) {
				throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
			}
		});
	}

	@Override
	public ReleasedCurves dropCurves() {
		return results.dropCurves();
	}

	private BacktestTask backtest(Strategy strategy, OhlcvSeries on, Parameters parameters, RunSettings settings) {
		BacktestTask task = new BacktestTask(strategy, on, parameters, settings, signal, indicatorCache, backtestThreads);
		backtests.add(task);
		task.done().whenComplete((r, e) -> {
			// recorded before it leaves the running set, so the halt step sees it in one or the other
			if (task.wasHaltedByStop()) {
				haltedBySignal.add(task);
			}
			backtests.remove(task);
		});
		return task;
	}

	/**
	 * "completed", "ruined at 2025-05-22 01:00" (a ruined run completes: it stops trading at that
	 * bar), or "stopped (partial)" / "cancelled (partial)" as a sweep's rows say it.
	 */
	private static String status(BacktestResult result, io.backstop.run.RunState state) {
		if (result.isCancelled()) {
			return state.label() + " (partial)";
		}
		return result.ruinedAt().map(ruin -> "ruined at " + Formats.barTime(ruin.time()))
				.orElse(result.status().name().toLowerCase(java.util.Locale.ROOT));
	}

	// --- the emergency stop's step

	@Override
	public String id() {
		return HALT_STEP_ID;
	}

	@Override
	public String label() {
		return "Halt running backtests";
	}

	@Override
	public StepResult stop(StopContext context) {
		List<BacktestTask> running = List.copyOf(backtests);
		running.forEach(BacktestTask::halt);
		Instant waitUntil = context.deadline().minus(HALT_RESERVE);
		int stuck = 0;
		for (BacktestTask task : running) {
			try {
				long wait = Math.max(0, Duration.between(Instant.now(), waitUntil).toNanos());
				task.done().get(wait, TimeUnit.NANOSECONDS);
			} catch (TimeoutException e) {
				stuck++;
			} catch (Exception e) {
				// it ended with an error: it computes nothing more all the same
			}
		}
		Set<BacktestTask> ended = new java.util.LinkedHashSet<>(running);
		ended.addAll(haltedBySignal);
		haltedBySignal.removeAll(ended);
		long halted = ended.stream().filter(BacktestTask::wasHaltedByStop).count();
		if (halted == 0 && stuck == 0) {
			return StepResult.skipped("no backtest running");
		}
		if (stuck == 0) {
			return StepResult.cleaned("halted " + countOf(halted, "backtest"), 0, List.of(HALT_STEP_ID));
		}
		return StepResult.partial("halted " + countOf(halted, "backtest"), 0, List.of(HALT_STEP_ID),
				countOf(stuck, "backtest") + " did not stop before the deadline");
	}

	private static String countOf(long n, String what) {
		return io.backstop.run.Formats.count(n) + " " + what + (n == 1 ? "" : "s");
	}

	// --- events

	private void postProgress() {
		for (AbstractRun run : runs) {
			try {
				if (!run.completion().isDone()) {
					post(RunEvents.PROGRESS, describe(run));
				}
			} catch (RuntimeException e) {
				// a progress event is not worth stopping the others for
			}
		}
	}

	private Map<String, Object> describe(AbstractRun run) {
		Map<String, Object> p = new HashMap<>();
		RunProgress progress = run.progress();
		p.put(RunEvents.RUN_ID, run.id());
		p.put(RunEvents.KIND, run.kind().name());
		p.put(RunEvents.STRATEGY_ID, run.request().strategyId());
		p.put(RunEvents.ORIGIN, run.origin());
		p.put(RunEvents.SERIES_NAME, run.seriesName());
		p.put(RunEvents.STATE, progress.state().name());
		p.put(RunEvents.PROGRESS_SNAPSHOT, progress);
		p.put(RunEvents.DESCRIPTION, progress.describe());
		return p;
	}

	private void post(String topic, Map<String, ?> properties) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, properties));
		}
	}

	private static <T> T require(T service, String what) {
		if (service == null) {
			throw new IllegalStateException(what + " is not available (its bundle is not active)");
		}
		return service;
	}
}
