package io.backstop.sweep.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.RangeEvaluator;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.SweepEvents;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * The sweep service in plain Java: usable without OSGi (tests, tools), wrapped by
 * {@link SweepServiceComponent} inside it. Also the emergency stop's {@code sweep.halt} step.
 */
public final class SweepEngine implements SweepService, Stoppable, AutoCloseable {

	private static final Logger LOG = Logger.getLogger(SweepEngine.class.getName());
	private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	/** Step id of the emergency stop. */
	public static final String STEP_ID = "sweep.halt";

	private final Path sweepsDir;
	private final Supplier<StrategyRegistry> registry;
	private final Supplier<StopSignal> signal;
	private final Supplier<IndicatorCache> cache;
	private final Supplier<List<RangeExecutor>> executors;
	private final EventSink events;
	private final long progressMillis;
	private final long checkpointMillis;
	private final int historySize;
	private final Map<String, SweepRun> runs = new LinkedHashMap<>();
	/** Runs halted by the stop signal and not yet reported by the halt step. */
	private final Set<SweepRun> haltedBySignal = ConcurrentHashMap.newKeySet();
	/** Runs the halt step reported while they still ran: their end is not reported again by the next stop. */
	private final Set<SweepRun> reportedRunning = ConcurrentHashMap.newKeySet();
	private final Map<SweepRun, StopSignal.Registration> signalCallbacks = new ConcurrentHashMap<>();
	/** Each running sweep's watch on its strategy: a strategy that leaves halts the sweeps using it. */
	private final Map<SweepRun, StrategyRegistry.Watch> strategyWatches = new ConcurrentHashMap<>();
	private final ScheduledExecutorService monitor;
	/**
	 * Forces finished runs' last checkpoints to disk, one at a time: a force can take seconds on a
	 * busy disk, and on the monitor it would hold back every sweep's events.
	 */
	private final ExecutorService settler;
	private volatile long lastRangeWorkerEndNanos;
	/**
	 * Every sweep's workers run on these threads, kept for the engine's life: a sweep creates no
	 * thread (and no thread's native allocator state), so repeated sweeps leave no native memory
	 * behind. A worker stuck past a stop keeps its thread; the pool adds one for the next sweep.
	 */
	private final ThreadPoolExecutor workers;
	private long ticks;

	/**
	 * @param sweepsDir where sweep directories are created
	 * @param registry  the strategies available now
	 * @param signal    the emergency stop signal, or a supplier of null when there is none
	 * @param cache     the indicator cache, or a supplier of null
	 * @param events    where progress events go
	 */
	public SweepEngine(Path sweepsDir, Supplier<StrategyRegistry> registry, Supplier<StopSignal> signal,
			Supplier<IndicatorCache> cache, EventSink events) {
		this(sweepsDir, registry, signal, cache, events, 250, 5000, 100);
	}

	/**
	 * @param progressMillis   interval of PROGRESS events (at least 250 ms: at most four a second)
	 * @param checkpointMillis interval of checkpoints of running sweeps
	 * @param historySize      finished sweeps kept in {@link #list()}
	 */
	public SweepEngine(Path sweepsDir, Supplier<StrategyRegistry> registry, Supplier<StopSignal> signal,
			Supplier<IndicatorCache> cache, EventSink events, long progressMillis, long checkpointMillis,
			int historySize) {
		this(sweepsDir, registry, signal, cache, events, progressMillis, checkpointMillis, historySize, List::of);
	}

	/** @param executors the remote executors a distributed sweep farms ranges to, as registered now */
	public SweepEngine(Path sweepsDir, Supplier<StrategyRegistry> registry, Supplier<StopSignal> signal,
			Supplier<IndicatorCache> cache, EventSink events, long progressMillis, long checkpointMillis,
			int historySize, Supplier<List<RangeExecutor>> executors) {
		this.executors = Objects.requireNonNull(executors, "executors");
		this.sweepsDir = Objects.requireNonNull(sweepsDir, "sweepsDir");
		this.registry = Objects.requireNonNull(registry, "registry");
		this.signal = Objects.requireNonNull(signal, "signal");
		this.cache = Objects.requireNonNull(cache, "cache");
		this.events = Objects.requireNonNull(events, "events");
		this.progressMillis = Math.max(1000 / SweepEvents.MAX_PROGRESS_PER_SECOND, progressMillis);
		this.checkpointMillis = Math.max(this.progressMillis, checkpointMillis);
		this.historySize = Math.max(1, historySize);
		this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "sweep-monitor");
			t.setDaemon(true);
			return t;
		});
		monitor.scheduleAtFixedRate(this::tick, this.progressMillis, this.progressMillis, TimeUnit.MILLISECONDS);
		ThreadPoolExecutor settling = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
				new java.util.concurrent.LinkedBlockingQueue<>(), r -> {
					Thread t = new Thread(r, "sweep-checkpoint-settler");
					t.setDaemon(true);
					return t;
				});
		// started with the engine: a run that ends in a stop under memory pressure creates no thread
		settling.prestartAllCoreThreads();
		this.settler = settling;
		AtomicInteger workerNumber = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(Runtime.getRuntime().availableProcessors(), Integer.MAX_VALUE, 60,
				TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
					Thread t = new Thread(r, "sweep-worker-" + workerNumber.incrementAndGet());
					t.setDaemon(true);
					return t;
				});
		workers.prestartAllCoreThreads();
	}

	/** The threads every sweep of this engine runs on. */
	Executor workerPool() {
		return workers;
	}

	@Override
	public Path sweepsDirectory() {
		return sweepsDir;
	}

	@Override
	public SweepHandle start(SweepSpec spec) {
		return start(spec, false);
	}

	@Override
	public SweepHandle startDistributed(SweepSpec spec) {
		return start(spec, true);
	}

	private SweepHandle start(SweepSpec spec, boolean distributed) {
		ensureLowered("Sweep");
		Prepared p = prepare(spec);
		String id = newId(spec.strategyId());
		List<RangeWorker> remote = distributed ? remoteWorkers(id, spec) : List.of();
		Path dir = sweepsDir.resolve(id);
		try {
			ResultsFile results = ResultsFile.open(dir.resolve(ResultsFile.FILE_NAME), p.header(), spec.settings());
			DoneSet done = new DoneSet(p.grid().total());
			TopK top = new TopK(spec.topK(), spec.objective().direction(), p.evaluator().metricNames());
			return launch(new SweepRun(id, spec, dir, p.grid(), p.evaluator(), done, top, results, signal.get(),
					this::finishedRun, workers, remote, localName()), p.strategy());
		} catch (IOException e) {
			throw new java.io.UncheckedIOException("cannot create the sweep directory " + dir + ": " + e.getMessage(), e);
		}
	}

	/** This JVM as the remote executors name it, or empty. */
	String localName() {
		for (RangeExecutor executor : executors.get()) {
			String name = executor.localName();
			if (!name.isEmpty()) {
				return name;
			}
		}
		return "";
	}

	/** The workers every registered executor gives a distributed sweep now. */
	List<RangeWorker> remoteWorkers(String id, SweepSpec spec) {
		List<RangeWorker> remote = new ArrayList<>();
		for (RangeExecutor executor : executors.get()) {
			remote.addAll(executor.workers(id, spec));
		}
		if (remote.isEmpty()) {
			throw new IllegalStateException("no other cluster member takes ranges of sweep " + id
					+ ": clustering is off or no other member has joined");
		}
		return remote;
	}

	@Override
	public RangeEvaluator rangeEvaluator(SweepSpec spec) {
		ensureLowered("Sweep range");
		Prepared p = prepare(spec);
		return new PoolRangeEvaluator(spec, p.grid(), p.evaluator(), workers, signal.get(),
				ended -> lastRangeWorkerEndNanos = ended);
	}

	/** {@link System#nanoTime()} when a worker of another member's range last ended here; 0: none yet. */
	long lastRangeWorkerEndNanos() {
		return lastRangeWorkerEndNanos;
	}

	/** What a spec needs before its workers start: strategy, grid, evaluator, checked. */
	record Prepared(Strategy strategy, Grid grid, ComboEvaluator evaluator, List<String> header) {
	}

	Prepared prepare(SweepSpec spec) {
		Strategy strategy = registry.get().get(spec.strategyId());
		if (spec.series().isEmpty()) {
			throw new IllegalArgumentException("series " + spec.series().name() + " holds no bar");
		}
		Grid grid = Grid.of(strategy, spec);
		new DoneSet(grid.total()); // checks the size
		spec.series().fingerprint(); // computed once now, not during a stop's checkpoint
		ComboEvaluator evaluator = StrategyRegistry.BOLLINGER_ZSCORE.equals(strategy.id())
				? new KernelEvaluator(spec.series(), grid, spec.settings())
				: new StrategyEvaluator(strategy, spec.series(), grid, spec.settings(), cache.get());
		if (!evaluator.metricNames().contains(spec.objective().metric())) {
			throw new IllegalArgumentException("objective " + spec.objective().metric() + " is not a metric of "
					+ strategy.id() + "; choose one of " + String.join(", ", evaluator.metricNames()));
		}
		return new Prepared(strategy, grid, evaluator, ResultsFile.header(grid.names(), evaluator.metricNames()));
	}

	SweepRun launch(SweepRun run, Strategy strategy) {
		synchronized (runs) {
			SweepRun previous = runs.get(run.id());
			if (previous != null && !previous.isFinished()) {
				throw new IllegalStateException("sweep " + run.id() + " is running");
			}
			runs.remove(run.id());
			runs.put(run.id(), run);
			trimHistory();
		}
		StopSignal s = run.signal();
		if (s != null) {
			// the signal halts the run at once; the halt step, which runs a little later, reports it
			signalCallbacks.put(run, s.onRaise(() -> {
				if (run.halt(SweepRun.HALT_STOP)) {
					haltedBySignal.add(run);
				}
			}));
		}
		strategyWatches.put(run, registry.get().whenWithdrawn(strategy, () -> run.halt(SweepRun.HALT_WITHDRAWN)));
		// every event is posted from the monitor thread, so a sweep's events arrive in order
		onMonitor(() -> {
			events.post(SweepEvents.STARTED, EventSink.properties(run, run.status()));
			run.announced = true;
		});
		run.start();
		return run;
	}

	void ensureLowered(String work) {
		StopSignal s = signal.get();
		if (s != null) {
			s.ensureLowered(work);
		}
	}

	StopSignal signalNow() {
		return signal.get();
	}

	void finishedRun(SweepRun run, SweepStatus status) {
		StopSignal.Registration callback = signalCallbacks.remove(run);
		if (callback != null) {
			callback.close();
		}
		StrategyRegistry.Watch watch = strategyWatches.remove(run);
		if (watch != null) {
			watch.close();
		}
		// workers that saw the raised signal may end the run before its callback or the halt step
		// runs; the halt step still reports it as halted by this stop
		StopSignal s = run.signal();
		if (!reportedRunning.remove(run) && s != null && s.isRaised()
				&& (status.state() == SweepState.STOPPED || status.state() == SweepState.FAILED)) {
			haltedBySignal.add(run);
		}
		onMonitor(() -> events.post(SweepEvents.FINISHED, EventSink.properties(run, status)));
		try {
			settler.execute(() -> settle(status.checkpointFile()));
		} catch (java.util.concurrent.RejectedExecutionException closed) {
			settle(status.checkpointFile());
		}
	}

	/** Puts a finished run's last checkpoint on disk, off the workers, the monitor and the stop's path. */
	private static void settle(Path checkpoint) {
		try {
			Checkpoint.settle(checkpoint);
		} catch (IOException e) {
			// a checkpoint that could not be written: the run's status already says so
			LOG.log(Level.FINE, "checkpoint " + checkpoint + ": " + e.getMessage(), e);
		}
	}

	private void trimHistory() {
		var it = runs.values().iterator();
		int excess = runs.size() - historySize;
		while (excess > 0 && it.hasNext()) {
			if (it.next().isFinished()) {
				it.remove();
				excess--;
			}
		}
	}

	private String newId(String strategyId) {
		String base = LocalDateTime.now().format(ID_TIME) + "-" + strategyId.replaceAll("[^A-Za-z0-9_.-]", "_");
		synchronized (runs) {
			String id = base;
			for (int n = 2; runs.containsKey(id) || Files.exists(sweepsDir.resolve(id)); n++) {
				id = base + "-" + n;
			}
			return id;
		}
	}

	private void tick() {
		boolean checkpoint = (++ticks * progressMillis) % checkpointMillis < progressMillis;
		for (SweepRun run : running()) {
			try {
				run.tick(checkpoint);
				offerNewWorkers(run);
				if (run.announced && !run.isFinished()) {
					events.post(SweepEvents.PROGRESS, EventSink.properties(run, run.status()));
				}
			} catch (IOException | RuntimeException e) {
				LOG.log(Level.WARNING, "sweep " + run.id() + ": " + e.getMessage(), e);
			}
		}
	}

	/** Gives a distributed run the remote workers that came since it started (members that joined). */
	private void offerNewWorkers(SweepRun run) {
		if (!run.isDistributed() || run.halting()) {
			return;
		}
		Set<String> present = run.remoteNames();
		for (RangeExecutor executor : executors.get()) {
			for (RangeWorker worker : executor.newWorkers(run.id(), run.spec(), present)) {
				if (!run.addRemote(worker)) {
					worker.close();
				}
			}
		}
	}

	private void onMonitor(Runnable task) {
		try {
			monitor.execute(task);
		} catch (java.util.concurrent.RejectedExecutionException closed) {
			task.run();
		}
	}

	/** Runs not yet finished. */
	List<SweepRun> running() {
		synchronized (runs) {
			return runs.values().stream().filter(r -> !r.isFinished()).toList();
		}
	}

	@Override
	public List<SweepHandle> list() {
		synchronized (runs) {
			return new ArrayList<>(runs.values());
		}
	}

	@Override
	public Optional<SweepHandle> get(String id) {
		synchronized (runs) {
			return Optional.ofNullable(runs.get(id));
		}
	}

	/** The internal run, for tests and benchmarks. */
	Optional<SweepRun> run(String id) {
		synchronized (runs) {
			return Optional.ofNullable(runs.get(id));
		}
	}

	@Override
	public boolean cancel(String id) {
		return run(id).map(SweepRun::cancel).orElse(false);
	}

	@Override
	public SweepHandle resume(String idOrDirectory) throws IOException {
		return resume(idOrDirectory, false);
	}

	@Override
	public SweepHandle resume(Path directory, OhlcvSeries series) throws IOException {
		ensureLowered("Sweep resume");
		return new Resumer(this).resume(directory, series);
	}

	@Override
	public SweepHandle resumeDistributed(String idOrDirectory) throws IOException {
		return resume(idOrDirectory, true);
	}

	private SweepHandle resume(String idOrDirectory, boolean distributed) throws IOException {
		ensureLowered("Sweep resume");
		Optional<SweepRun> known = run(idOrDirectory);
		if (known.isPresent()) {
			SweepRun r = known.get();
			if (!r.isFinished()) {
				throw new IllegalStateException("sweep " + r.id() + " is running");
			}
			return new Resumer(this).resume(r.directory(), r.spec().series(), distributed);
		}
		Path dir = Resumer.directory(sweepsDir, idOrDirectory);
		return new Resumer(this).resume(dir, Resumer.reloadSeries(dir), distributed);
	}

	@Override
	public String id() {
		return STEP_ID;
	}

	@Override
	public String label() {
		return "Halt running sweeps";
	}

	@Override
	public StepResult stop(StopContext context) {
		Set<SweepRun> toReport = new java.util.LinkedHashSet<>();
		synchronized (runs) {
			for (SweepRun r : runs.values()) {
				if (!r.isFinished()) {
					reportedRunning.add(r);
					toReport.add(r);
				} else if (haltedBySignal.contains(r)) {
					toReport.add(r);
				}
			}
		}
		haltedBySignal.removeAll(toReport);
		return HaltStep.halt(List.copyOf(toReport), context);
	}

	/** Cancels running sweeps, waits up to 2 s for their checkpoints, then stops the monitor and the workers' threads. */
	@Override
	public void close() {
		List<SweepRun> live = running();
		live.forEach(r -> r.halt(SweepRun.HALT_CANCEL));
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		for (SweepRun r : live) {
			try {
				r.completion().get(Math.max(0, until - System.nanoTime()), TimeUnit.NANOSECONDS);
			} catch (Exception e) {
				LOG.warning("sweep " + r.id() + " did not finish on shutdown: " + e);
			}
		}
		monitor.shutdown();
		try {
			monitor.awaitTermination(1, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		monitor.shutdownNow();
		settler.shutdown();
		try {
			settler.awaitTermination(2, TimeUnit.SECONDS);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		workers.shutdownNow();
	}

	static boolean resumable(SweepState state) {
		return state.isResumable() || state == SweepState.RUNNING;
	}
}
