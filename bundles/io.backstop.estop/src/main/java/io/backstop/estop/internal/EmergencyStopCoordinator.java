package io.backstop.estop.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.estop.api.DeviceMemoryProbe;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.MemorySnapshot;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.estop.api.Workspace;

/**
 * Collects every {@link io.backstop.estop.api.Stoppable} and runs them, band by band, when a
 * stop is requested. Configured under {@link EmergencyStop#PID} ({@link CoordinatorConfiguration}):
 * deadlines apply from the next stop on, a new history size or file at once.
 * <p>
 * A request raises the signal before anything else, under a lock held only for that and the
 * hand-over; everything after runs on threads started with the component (coordinator, callbacks,
 * steps, history), so a stop under memory pressure creates none, and nothing a callback or a step
 * throws, an {@code Error} included, keeps the stop from reporting.
 */
@Component(service = { EmergencyStop.class, StopSignal.class }, immediate = true, configurationPid = EmergencyStop.PID)
@Designate(ocd = CoordinatorConfiguration.class)
public class EmergencyStopCoordinator implements EmergencyStop, StopSignal {

	private static final Logger LOG = Logger.getLogger(EmergencyStopCoordinator.class.getName());

	/** How long the report waits for released heap to leave the resident set. */
	private static final Duration RSS_SETTLE_LIMIT = Duration.ofMillis(500);
	/** How long the steps wait for the signal's callbacks; one still running then is left behind. */
	static final Duration CALLBACK_BOUND = Duration.ofMillis(100);
	private static final String BUNDLE = "io.backstop.estop";

	private final Map<Stoppable, RegisteredStep> steps = new ConcurrentHashMap<>();
	private final RaisableSignal signal = new RaisableSignal();
	private final StopEventPoster events = new StopEventPoster();
	private final StepRunner runner = new StepRunner();
	private final SignalCallbacks callbacks = new SignalCallbacks();
	/** One pre-started thread runs every stop, in turn; another writes the history, so a slow disk never delays a report. */
	private final ThreadPoolExecutor coordinatorThread = DaemonThreads.prestarted("estop-coordinator", 1, 1,
			new LinkedBlockingQueue<>());
	private final ThreadPoolExecutor historyThread = DaemonThreads.prestarted("estop-history", 1, 1,
			new LinkedBlockingQueue<>());
	private final Object lock = new Object();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile DeviceMemoryProbe deviceProbe;

	private volatile Deadlines deadlines = Deadlines.DEFAULT;
	private MemoryMeter meter;
	private volatile HistoryStore history;
	private Workspace workspace;
	private Settings settings;
	private CompletableFuture<StopReport> running;

	/** What the configuration sets: the history file is null where the workspace's default applies. */
	record Settings(Deadlines deadlines, int historySize, Path historyFile) {

		Settings {
			TypedConfiguration.requireAtLeast("history.size", historySize, 1);
		}

		static Settings of(CoordinatorConfiguration config) {
			String file = config.history_file().strip();
			return new Settings(Deadlines.of(config.default_timeout_ms(), List.of(config.step_deadlines())),
					config.history_size(), file.isEmpty() ? null : Path.of(file));
		}

		@Override
		public String toString() {
			return "deadlines " + deadlines + ", history of " + historySize
					+ (historyFile == null ? "" : " in " + historyFile);
		}
	}

	static final Settings DEFAULT_SETTINGS = new Settings(Deadlines.DEFAULT, 100, null);

	@Activate
	void activate(BundleContext context, CoordinatorConfiguration config) {
		workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA));
		settings = TypedConfiguration.apply(EmergencyStop.PID, CoordinatorConfiguration.class, config, Settings::of,
				DEFAULT_SETTINGS);
		configure(historyFile(settings), settings.deadlines(), settings.historySize());
	}

	/** Deadlines apply from the next stop on, a running one keeps its own; a new history size or file at once. */
	@Modified
	void modified(CoordinatorConfiguration config) {
		Settings previous = settings;
		settings = TypedConfiguration.apply(EmergencyStop.PID, CoordinatorConfiguration.class, config, Settings::of,
				previous);
		deadlines = settings.deadlines();
		if (settings.historySize() != previous.historySize() || !historyFile(settings).equals(historyFile(previous))) {
			history = loadHistory(historyFile(settings), settings.historySize());
		}
	}

	/** Sets up the component; called on activation, and directly where there is no OSGi framework. */
	void configure(Path historyFile, Deadlines stepDeadlines, int historySize) {
		deadlines = stepDeadlines;
		history = loadHistory(historyFile, historySize);
		meter = new MemoryMeter();
		coordinatorThread.execute(this::warmUp);
	}

	private static HistoryStore loadHistory(Path file, int size) {
		HistoryStore store = new HistoryStore(file, size);
		if (store.loadProblem() != null) {
			LOG.warning(store.loadProblem());
		}
		return store;
	}

	@Deactivate
	void deactivate() {
		coordinatorThread.shutdown();
		historyThread.shutdown();
		runner.close();
		callbacks.close();
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	void addStoppable(Stoppable stoppable, ServiceReference<Stoppable> reference) {
		Map<String, Object> properties = new HashMap<>();
		for (String key : reference.getPropertyKeys()) {
			properties.put(key, reference.getProperty(key));
		}
		register(stoppable, properties, reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName());
	}

	void register(Stoppable stoppable, Map<String, ?> properties, String bundle) {
		steps.put(stoppable, RegisteredStep.of(stoppable, properties, bundle));
	}

	void removeStoppable(Stoppable stoppable) {
		steps.remove(stoppable);
	}

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	void setEventAdmin(EventAdmin eventAdmin) {
		events.setEventAdmin(eventAdmin);
	}

	void unsetEventAdmin(EventAdmin eventAdmin) {
		events.unsetEventAdmin(eventAdmin);
	}

	@Override
	public CompletableFuture<StopReport> requestStop(StopRequest request) {
		Objects.requireNonNull(request, "request");
		synchronized (lock) {
			if (running != null) {
				return running;
			}
			Instant requested = Instant.now();
			signal.raise();
			Instant blocked = Instant.now();
			// the callbacks registered when the signal rose, started at once on their threads (work
			// blocked in I/O, other members to ask: every hand-over before them delays a halt); work
			// that finishes on seeing the flag unregisters its callback, and the halt steps wait for them
			SignalCallbacks.Started toCall = callbacks.start(signal.callbacks());
			CompletableFuture<StopReport> stop = new CompletableFuture<>();
			running = stop;
			try {
				coordinatorThread.execute(() -> complete(stop, request, requested, blocked, toCall));
			} catch (RejectedExecutionException e) {
				running = null;
				stop.completeExceptionally(new IllegalStateException("the emergency stop coordinator was deactivated", e));
			}
			return stop;
		}
	}

	/** Runs on the coordinator's thread: nothing thrown here may leave the stop running forever. */
	private void complete(CompletableFuture<StopReport> stop, StopRequest request, Instant requested, Instant blocked,
			SignalCallbacks.Started toCall) {
		StopReport report = null;
		Throwable failure = null;
		try {
			report = run(request, requested, blocked, toCall);
		} catch (Throwable e) {
			failure = e;
		}
		synchronized (lock) {
			running = null;
		}
		if (report != null) {
			stop.complete(report);
			historyThread.execute(this::persistHistory);
		} else {
			stop.completeExceptionally(failure);
		}
	}

	private StopReport run(StopRequest request, Instant requested, Instant blocked, SignalCallbacks.Started toCall) {
		String id = UUID.randomUUID().toString();
		// halting first: the callbacks before the measurement
		SignalCallbacks.Outcome callbacksRun = toCall.await(CALLBACK_BOUND);
		events.started(id, request);
		List<StepReport> done = new ArrayList<>();
		StepReport callbackProblems = callbacksRun.asStepReport(BUNDLE);
		if (callbackProblems != null) {
			done.add(callbackProblems);
		}
		Instant halted = callbacksRun.total() == 0 ? blocked : callbacksRun.ended();
		Set<Stoppable> ran = new HashSet<>();
		StepRunner.Listener listener = events.stepListener(id);
		List<RegisteredStep> band;
		// Re-read the registry before every band: a Stoppable registered during the stop still runs
		// if its band is yet to come, one that went away before its turn does not.
		int lastOrder = Integer.MIN_VALUE;
		// memory is measured once work has halted and before anything is released: halting frees
		// nothing by itself, and measuring first would hold the halt back by the measurement's time
		MemorySnapshot before = null;
		while (!(band = nextBand(lastOrder, ran)).isEmpty()) {
			lastOrder = band.get(0).order();
			if (before == null && lastOrder >= Stoppable.WORK_HALTING_ORDER_LIMIT) {
				before = meter.snapshot(() -> deviceProbe);
			}
			band.forEach(step -> ran.add(step.stoppable()));
			done.addAll(runner.runBand(band, request, listener));
			if (lastOrder < Stoppable.WORK_HALTING_ORDER_LIMIT) {
				halted = Instant.now();
			}
		}
		if (before == null) {
			before = meter.snapshot(() -> deviceProbe);
		}
		long released = done.stream().mapToLong(StepReport::bytesReleased).filter(bytes -> bytes > 0).sum();
		MemorySnapshot after = meter.settledSnapshot(before, released, () -> deviceProbe, RSS_SETTLE_LIMIT);
		StopReport report = new StopReport(id, requested, request, Duration.between(requested, Instant.now()).toMillis(),
				done, before, after, blocked, halted);
		history.record(report);
		events.finished(report);
		return report;
	}

	private void persistHistory() {
		try {
			history.persist();
		} catch (IOException | RuntimeException e) {
			LOG.log(Level.WARNING, "the stop history could not be written", e);
		}
	}

	/**
	 * Loads and runs, once, what a stop runs (memory and device probes, MXBeans, OSHI, a step on the
	 * step threads, the report and its JSON), so that the first stop finds nothing cold.
	 */
	private void warmUp() {
		try {
			MemorySnapshot snapshot = meter.snapshot(() -> deviceProbe);
			StopRequest request = StopRequest.of("warm-up", BUNDLE);
			callbacks.run(List.of(() -> { }), CALLBACK_BOUND);
			List<StepReport> steps = runner.runBand(
					List.of(RegisteredStep.of(new WarmUpStep(), Map.of(), BUNDLE).withDeadline(deadlines)), request,
					StepRunner.Listener.NONE);
			Instant now = Instant.now();
			StopReport report = new StopReport("warm-up", now, request, 0, steps, snapshot,
					meter.settledSnapshot(snapshot, 0, () -> deviceProbe, Duration.ZERO), now, now);
			StopReportJson.toJson(List.of(report));
			report.summary();
		} catch (RuntimeException | LinkageError e) {
			LOG.log(Level.FINE, "warming up the stop path failed; the first stop will load what it needs", e);
		}
	}

	/** Does nothing, on a step thread, as a step would. */
	private static final class WarmUpStep implements Stoppable {
		@Override
		public String id() {
			return "estop.warm-up";
		}

		@Override
		public String label() {
			return "Warm up the stop path";
		}

		@Override
		public StepResult stop(StopContext context) {
			return StepResult.skipped("nothing to do");
		}
	}

	private List<RegisteredStep> nextBand(int afterOrder, Set<Stoppable> ran) {
		Deadlines current = deadlines;
		List<RegisteredStep> pending = steps.values().stream()
				.filter(step -> step.order() > afterOrder && !ran.contains(step.stoppable()))
				.sorted(RegisteredStep.RUN_ORDER).map(step -> step.withDeadline(current)).toList();
		if (pending.isEmpty()) {
			return pending;
		}
		int order = pending.get(0).order();
		return pending.stream().filter(step -> step.order() == order).toList();
	}

	@Override
	public boolean isStopping() {
		synchronized (lock) {
			return running != null;
		}
	}

	@Override
	public StopSignal signal() {
		return this;
	}

	@Override
	public boolean isRaised() {
		return signal.isRaised();
	}

	@Override
	public Registration onRaise(Runnable callback) {
		return signal.onRaise(callback);
	}

	@Override
	public void reset() {
		synchronized (lock) {
			if (running != null) {
				return;
			}
			signal.lower();
		}
		events.reset();
	}

	@Override
	public List<PlannedStep> plannedSteps() {
		Deadlines current = deadlines;
		return steps.values().stream().sorted(RegisteredStep.RUN_ORDER).map(step -> step.withDeadline(current).planned())
				.toList();
	}

	@Override
	public List<StopReport> history(int max) {
		return history.newest(max);
	}

	@Override
	public String toJson(StopReport report) {
		return StopReportJson.toJson(report);
	}

	@Override
	public String toJson(List<StopReport> reports) {
		return StopReportJson.toJson(reports);
	}

	private Path historyFile(Settings configured) {
		return configured.historyFile() != null ? configured.historyFile()
				: workspace.bundleState(BUNDLE).resolve("stop-history.json");
	}
}
