package io.backstop.optimise.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.indicators.IndicatorCache;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.Heatmap;
import io.backstop.sweep.Objective;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepStatus;
import io.backstop.optimise.OptimiseService;
import io.backstop.optimise.OverfitReport;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SavedRun;
import io.backstop.sweep.ParameterRange;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardSpec;

/**
 * The optimisation service without OSGi: searches and walk-forwards in directories under one
 * directory, the emergency stop's step that halts them, and the overfitting checks.
 */
public final class Optimiser implements OptimiseService {

	/** Time kept before the stop step's deadline to report searches that did not end. */
	private static final Duration RESERVE = Duration.ofMillis(100);

	private final Path directory;
	private final Supplier<StrategyRegistry> registry;
	private final Supplier<StopSignal> signal;
	private final Supplier<IndicatorCache> cache;
	private final Supplier<SweepService> sweeps;
	private final Supplier<List<RangeExecutor>> executors;
	private final List<SearchRun> searches = new ArrayList<>();
	private final List<WalkForwardRun> walkForwards = new ArrayList<>();

	/**
	 * @param directory where search and walk-forward directories are created
	 * @param signal    the emergency stop's signal; its supplier may answer null
	 * @param cache     an indicator cache shared with sweeps; its supplier may answer null
	 * @param sweeps    the sweeps whose overfitting is checked; its supplier may answer null
	 */
	public Optimiser(Path directory, Supplier<StrategyRegistry> registry, Supplier<StopSignal> signal,
			Supplier<IndicatorCache> cache, Supplier<SweepService> sweeps) {
		this(directory, registry, signal, cache, sweeps, List::of);
	}

	/**
	 * @param executors the range executors (the cluster's members) a search placed on the cluster sends its
	 *                  points to
	 */
	public Optimiser(Path directory, Supplier<StrategyRegistry> registry, Supplier<StopSignal> signal,
			Supplier<IndicatorCache> cache, Supplier<SweepService> sweeps, Supplier<List<RangeExecutor>> executors) {
		this.directory = directory;
		this.registry = registry;
		this.signal = signal;
		this.cache = cache;
		this.sweeps = sweeps;
		this.executors = executors;
	}

	/**
	 * Loads and links the search libraries' code on a background thread (see
	 * {@link SearchAlgorithm#warmUp(SearchSpace)}), so that the first search's stop is not delayed by it.
	 */
	public void warmUp() {
		Thread.ofPlatform().daemon().name("optimise warm-up").start(() -> {
			try {
				List<Strategy> strategies = registry.get().all();
				if (!strategies.isEmpty()) {
					SearchAlgorithm.warmUp(SearchSpace.of(strategies.get(0), List.of()));
				}
			} catch (RuntimeException | LinkageError e) {
				// a search loads what it needs itself; only its first stop may be slower
			}
		});
	}

	private BooleanSupplier stopRaised() {
		return () -> {
			StopSignal s = signal.get();
			return s != null && s.isRaised();
		};
	}

	private void refuseWhileStopped(String work) {
		StopSignal s = signal.get();
		if (s != null) {
			s.ensureLowered(work);
		}
	}

	Strategy strategy(String id) {
		return registry.get().get(id);
	}

	private synchronized String newId(String kind) throws IOException {
		Files.createDirectories(directory);
		for (int n = 1;; n++) {
			String id = String.format(Locale.ROOT, "%s-%d", kind, n);
			if (!Files.exists(directory.resolve(id)) && find(id).isEmpty()) {
				Files.createDirectories(directory.resolve(id));
				return id;
			}
		}
	}

	private Optional<Object> find(String id) {
		return searches.stream().filter(s -> s.id().equals(id)).map(Object.class::cast).findFirst()
				.or(() -> walkForwards.stream().filter(w -> w.id().equals(id)).map(Object.class::cast).findFirst());
	}

	private void check(SearchSpec spec) {
		SearchSpace.of(strategy(spec.strategyId()), spec.ranges());
		SearchRun.checkObjective(spec);
	}

	/** A search run on {@code spec}, checked, its points evaluated where {@code placement} says; not started. */
	SearchRun newSearch(String id, SearchSpec spec, Path dir, List<Evaluation> replay, Placement placement) {
		SearchRun.checkObjective(spec);
		Strategy strategy = strategy(spec.strategyId());
		return new SearchRun(id, spec, strategy, dir, replay, cache.get(), stopRaised(),
				pool(id, spec, strategy, placement));
	}

	/**
	 * The workers of a search: threads here and, on the cluster, every range executor's workers, each point
	 * a one-combination range of a sweep over the search's grid (numbered as the search numbers its points).
	 * A member's sweep may run a strategy on a kernel of its own ({@code bollinger_zscore}): its figures are
	 * the strategy's to the last bit (the sweep bundle's {@code KernelFiguresTest}).
	 *
	 * @throws IllegalStateException when the cluster is asked for and no executor gives a worker
	 */
	private EvaluationPool pool(String id, SearchSpec spec, Strategy strategy, Placement placement) {
		String name = "optimise " + id;
		if (!placement.cluster()) {
			return EvaluationPool.local(name, placement.effectiveWorkers());
		}
		SweepSpec grid = grid(spec, strategy);
		List<RangeWorker> members = members(id, grid);
		if (members.isEmpty()) {
			throw new IllegalStateException(id + ": " + NO_MEMBER);
		}
		String here = executors.get().stream().map(RangeExecutor::localName).filter(n -> !n.isEmpty()).findFirst()
				.orElse("this Backstop");
		return new EvaluationPool(name, placement.effectiveWorkers(), here, members,
				present -> executors.get().stream().flatMap(e -> e.newWorkers(id, grid, present).stream()).toList());
	}

	private static final String NO_MEMBER = "no other cluster member to evaluate points on (clustering is off, or no member has joined)";

	/** A sweep over the search's grid: its combinations are numbered as the search numbers its points. */
	private static SweepSpec grid(SearchSpec spec, Strategy strategy) {
		return new SweepSpec(spec.strategyId(), spec.series(), SearchSpace.of(strategy, spec.ranges()).ranges(),
				spec.settings(), spec.objective(), 1, 0);
	}

	private List<RangeWorker> members(String id, SweepSpec grid) {
		return executors.get().stream().flatMap(e -> e.workers(id, grid).stream()).toList();
	}

	/**
	 * Refuses a placement on the cluster when no member can take points now, before any directory is made.
	 *
	 * @throws IllegalStateException in one line
	 */
	private void checkPlacement(SearchSpec spec, Placement placement) {
		if (!placement.cluster()) {
			return;
		}
		List<RangeWorker> members = members("placement-check", grid(spec, strategy(spec.strategyId())));
		members.forEach(RangeWorker::close);
		if (members.isEmpty()) {
			throw new IllegalStateException(NO_MEMBER);
		}
	}

	@Override
	public SearchHandle start(SearchSpec spec, Placement placement) {
		refuseWhileStopped("search");
		check(spec);
		checkPlacement(spec, placement);
		String id;
		try {
			id = newId("search");
		} catch (IOException e) {
			throw new IllegalStateException("cannot create a search directory in " + directory + ": " + e.getMessage(), e);
		}
		SearchRun run = newSearch(id, spec, directory.resolve(id), List.of(), placement);
		synchronized (this) {
			searches.add(run);
		}
		return run.start();
	}

	@Override
	public synchronized List<SearchHandle> searches() {
		return List.copyOf(searches);
	}

	@Override
	public synchronized Optional<SearchHandle> search(String id) {
		return searches.stream().filter(s -> s.id().equals(id)).map(SearchHandle.class::cast).reduce((a, b) -> b);
	}

	@Override
	public SearchHandle resume(String id, Placement placement) throws IOException {
		SearchHandle known = search(id).orElseThrow(() -> new IllegalArgumentException("unknown search " + id));
		return resume(known.directory(), known.spec().series(), placement);
	}

	@Override
	public SearchHandle resume(Path dir, OhlcvSeries series, Placement placement) throws IOException {
		refuseWhileStopped("resuming a search");
		SearchFiles.Checkpoint checkpoint = SearchFiles.readCheckpoint(dir, series);
		synchronized (this) {
			for (SearchRun run : searches) {
				if (run.id().equals(checkpoint.id()) && !run.status().state().isFinished()) {
					throw new IllegalStateException("search " + checkpoint.id() + " is running");
				}
			}
		}
		if (checkpoint.state() == SearchState.COMPLETED) {
			throw new IllegalStateException("search " + checkpoint.id() + " is complete");
		}
		List<Evaluation> replay = SearchFiles.read(dir.resolve(SearchFiles.RESULTS), checkpoint.spec().objective().metric());
		SearchRun run = newSearch(checkpoint.id(), checkpoint.spec(), dir, replay, placement);
		synchronized (this) {
			searches.removeIf(s -> s.id().equals(checkpoint.id()));
			searches.add(run);
		}
		return run.start();
	}

	@Override
	public WalkForwardHandle walkForward(WalkForwardSpec spec, Placement placement) {
		refuseWhileStopped("walk-forward");
		check(spec.search());
		checkPlacement(spec.search(), placement);
		String id;
		try {
			id = newId("walkforward");
		} catch (IOException e) {
			throw new IllegalStateException("cannot create a walk-forward directory in " + directory + ": " + e.getMessage(), e);
		}
		WalkForwardRun run = new WalkForwardRun(id, spec, directory.resolve(id), this, stopRaised(), placement);
		synchronized (this) {
			walkForwards.add(run);
		}
		return run.start();
	}

	@Override
	public synchronized List<WalkForwardHandle> walkForwards() {
		return List.copyOf(walkForwards);
	}

	@Override
	public synchronized Optional<WalkForwardHandle> walkForwardRun(String id) {
		return walkForwards.stream().filter(w -> w.id().equals(id)).map(WalkForwardHandle.class::cast).reduce((a, b) -> b);
	}

	@Override
	public WalkForwardHandle resumeWalkForward(String id, Placement placement) {
		refuseWhileStopped("resuming a walk-forward");
		WalkForwardHandle known = walkForwardRun(id)
				.orElseThrow(() -> new IllegalArgumentException("unknown walk-forward " + id));
		checkPlacement(known.spec().search(), placement);
		SearchState state = known.result().state();
		if (!state.isFinished()) {
			throw new IllegalStateException("walk-forward " + id + " is running");
		}
		return resumeWalkForward(id, known.spec(), known.directory(), state, placement);
	}

	@Override
	public WalkForwardHandle resumeWalkForward(Path dir, OhlcvSeries series, Placement placement) throws IOException {
		refuseWhileStopped("resuming a walk-forward");
		SearchFiles.WalkForwardCheckpoint checkpoint = SearchFiles.readWalkForward(dir, series);
		Optional<WalkForwardHandle> known = walkForwardRun(checkpoint.id());
		if (known.isPresent() && !known.get().result().state().isFinished()) {
			throw new IllegalStateException("walk-forward " + checkpoint.id() + " is running");
		}
		check(checkpoint.spec().search());
		checkPlacement(checkpoint.spec().search(), placement);
		return resumeWalkForward(checkpoint.id(), checkpoint.spec(), dir, checkpoint.state(), placement);
	}

	private WalkForwardHandle resumeWalkForward(String id, WalkForwardSpec spec, Path dir, SearchState state,
			Placement placement) {
		if (state == SearchState.COMPLETED) {
			throw new IllegalStateException("walk-forward " + id + " is complete");
		}
		WalkForwardRun run = new WalkForwardRun(id, spec, dir, this, stopRaised(), placement);
		synchronized (this) {
			walkForwards.removeIf(w -> w.id().equals(id));
			walkForwards.add(run);
		}
		return run.start();
	}

	@Override
	public SavedRun saved(Path dir) throws IOException {
		return SearchFiles.saved(dir);
	}

	@Override
	public OverfitReport overfit(String id) {
		Optional<SearchHandle> search = search(id);
		if (search.isPresent()) {
			SearchHandle s = search.get();
			if (!s.status().state().isFinished()) {
				throw new IllegalStateException("search " + id + " is running; check it once it has ended");
			}
			return OverfitCheck.of(new OverfitCheck.Trials("search " + id, s.evaluations(), s.spec().objective(),
					strategy(s.spec().strategyId()), s.spec().series(), s.spec().settings()), cache.get(), stopRaised());
		}
		SweepService service = sweeps.get();
		SweepHandle sweep = (service == null ? Optional.<SweepHandle>empty() : service.get(id))
				.orElseThrow(() -> new IllegalArgumentException("unknown search or sweep " + id));
		SweepStatus status = sweep.status();
		if (!status.state().isFinished()) {
			throw new IllegalStateException("sweep " + id + " is running; check it once it has ended");
		}
		SweepSpec spec = sweep.spec();
		try {
			return OverfitCheck.of(new OverfitCheck.Trials("sweep " + id,
					SearchFiles.readSweep(status.resultsFile(), spec.objective().metric()), spec.objective(),
					strategy(spec.strategyId()), spec.series(), spec.settings()), cache.get(), stopRaised());
		} catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	@Override
	public Heatmap heatmap(String searchId, String x, String y, boolean bestOf) {
		SearchHandle search = search(searchId).orElseThrow(() -> new IllegalArgumentException("unknown search " + searchId));
		Objective objective = search.spec().objective();
		Map<String, double[]> grid = new java.util.LinkedHashMap<>();
		for (ParameterRange range : SearchSpace.of(strategy(search.spec().strategyId()), search.spec().ranges()).ranges()) {
			grid.put(range.name(), range.values());
		}
		for (String axis : List.of(x, y)) {
			if (!grid.containsKey(axis)) {
				throw new IllegalArgumentException("unknown parameter " + axis + "; the search has " + String.join(", ", grid.keySet()));
			}
		}
		Map<String, Double> fixed = new java.util.LinkedHashMap<>();
		Evaluation best = search.status().best();
		if (!bestOf && best != null) {
			fixed.putAll(best.parameters());
			fixed.remove(x);
			fixed.remove(y);
		}
		return Heatmap.of(search.evaluations(), grid.get(x), grid.get(y), objective.metric(),
				objective.direction() == Objective.Direction.MAXIMIZE, x, y, fixed,
				strategy(search.spec().strategyId()).constraints());
	}

	@Override
	public boolean cancel(String id) {
		SearchRun search;
		WalkForwardRun walk;
		synchronized (this) {
			search = searches.stream().filter(s -> s.id().equals(id)).reduce((a, b) -> b).orElse(null);
			walk = walkForwards.stream().filter(w -> w.id().equals(id)).reduce((a, b) -> b).orElse(null);
		}
		return search != null ? search.cancel() : walk != null && walk.cancel();
	}

	/** Cancels every running search and walk-forward (the service is going away); their files stay resumable. */
	public void cancelAll() {
		List<SearchRun> runningSearches;
		List<WalkForwardRun> runningWalks;
		synchronized (this) {
			runningSearches = List.copyOf(searches);
			runningWalks = List.copyOf(walkForwards);
		}
		runningSearches.forEach(SearchRun::cancel);
		runningWalks.forEach(WalkForwardRun::cancel);
	}

	@Override
	public Path searchesDirectory() {
		return directory;
	}

	/**
	 * The emergency stop's step: halts every running search and walk-forward, waits for each to write its
	 * checkpoint (until shortly before the deadline), and reports how many evaluations were kept.
	 */
	public StepResult stop(StopContext context) {
		List<SearchRun> runningSearches;
		List<WalkForwardRun> runningWalks;
		synchronized (this) {
			runningSearches = searches.stream().filter(s -> s.control().haltForStop()).toList();
			runningWalks = walkForwards.stream().filter(WalkForwardRun::haltForStop).toList();
		}
		if (runningSearches.isEmpty() && runningWalks.isEmpty()) {
			return StepResult.skipped("no search or walk-forward running");
		}
		Instant waitUntil = context.deadline().minus(RESERVE);
		List<String> halted = new ArrayList<>();
		List<String> stuck = new ArrayList<>();
		long kept = 0;
		for (SearchRun run : runningSearches) {
			try {
				kept += await(run.completion(), waitUntil).evaluations();
				halted.add(run.id());
				context.progress(String.format(Locale.ROOT, "search %s halted: %,d evaluations saved", run.id(), run.status().evaluations()));
			} catch (TimeoutException | ExecutionException | InterruptedException e) {
				stuck.add(run.stack());
			}
		}
		for (WalkForwardRun run : runningWalks) {
			try {
				await(run.completion(), waitUntil);
				halted.add(run.id());
				context.progress(String.format(Locale.ROOT, "walk-forward %s halted: %d of %d windows done", run.id(),
						run.result().windows().size(), run.spec().windows()));
			} catch (TimeoutException | ExecutionException | InterruptedException e) {
				stuck.add(run.stack());
			}
		}
		String detail = String.format(Locale.ROOT, "halted %s; %,d evaluations saved with checkpoints", String.join(", ", halted), kept);
		Map<String, Long> counters = Map.of("runs.halted", (long) halted.size(), "evaluations.saved", kept,
				"runs.stuck", (long) stuck.size());
		if (stuck.isEmpty()) {
			return StepResult.cleaned(detail, 0, halted).withCounters(counters);
		}
		String error = stuck.size() + " did not end before the deadline:\n" + String.join("\n", stuck);
		return StepResult.partial(detail, 0, halted, error).withCounters(counters);
	}

	private static <T> T await(java.util.concurrent.CompletableFuture<T> future, Instant until)
			throws TimeoutException, ExecutionException, InterruptedException {
		long wait = Math.max(0, Duration.between(Instant.now(), until).toNanos());
		return future.get(wait, TimeUnit.NANOSECONDS);
	}
}
