package io.backstop.estop.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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

import io.backstop.estop.api.DeviceMemoryProbe;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.MemorySnapshot;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;

/**
 * Collects every {@link io.backstop.estop.api.Stoppable} and runs them, band by band, when a
 * stop is requested. Configuration (PID {@value #PID}, or component properties):
 * {@code default.timeout.ms} (deadline of a step that declares none), {@code deadline.<step id>}
 * (overrides a step's deadline), {@code history.size} and {@code history.file}.
 */
@Component(service = { EmergencyStop.class, StopSignal.class }, immediate = true, configurationPid = EmergencyStopCoordinator.PID, property = {
		"default.timeout.ms:Long=5000", "history.size:Integer=100" })
public class EmergencyStopCoordinator implements EmergencyStop, StopSignal {

	public static final String PID = "io.backstop.estop";

	private static final Logger LOG = Logger.getLogger(EmergencyStopCoordinator.class.getName());

	/** How long the report waits for released heap to leave the resident set. */
	private static final Duration RSS_SETTLE_LIMIT = Duration.ofMillis(500);

	private final Map<Stoppable, RegisteredStep> steps = new ConcurrentHashMap<>();
	private final RaisableSignal signal = new RaisableSignal();
	private final StopEventPoster events = new StopEventPoster();
	private final StepRunner runner = new StepRunner();
	private final Object lock = new Object();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile DeviceMemoryProbe deviceProbe;

	private volatile Deadlines deadlines = Deadlines.from(Map.of());
	private MemoryMeter meter;
	private HistoryStore history;
	private CompletableFuture<StopReport> running;

	@Activate
	void activate(BundleContext context, Map<String, Object> properties) {
		configure(historyFile(context, properties), Deadlines.from(properties),
				((Number) properties.getOrDefault("history.size", 100)).intValue());
	}

	/** Deadlines changed in the configuration apply from the next stop on; a running one keeps its own. */
	@Modified
	void modified(Map<String, Object> properties) {
		deadlines = Deadlines.from(properties);
	}

	/** Sets up the component; called on activation, and directly where there is no OSGi framework. */
	void configure(Path historyFile, Deadlines stepDeadlines, int historySize) {
		deadlines = stepDeadlines;
		history = new HistoryStore(historyFile, historySize);
		if (history.loadProblem() != null) {
			LOG.warning(history.loadProblem());
		}
		meter = new MemoryMeter();
	}

	@Deactivate
	void deactivate() {
		runner.close();
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
		synchronized (lock) {
			if (running != null) {
				return running;
			}
			for (Throwable failure : signal.raise()) {
				LOG.log(Level.WARNING, "a stop callback failed", failure);
			}
			CompletableFuture<StopReport> stop = new CompletableFuture<>();
			running = stop;
			Thread thread = new Thread(() -> complete(stop, request), "estop-coordinator");
			thread.setDaemon(true);
			thread.start();
			return stop;
		}
	}

	private void complete(CompletableFuture<StopReport> stop, StopRequest request) {
		try {
			StopReport report = run(request);
			synchronized (lock) {
				running = null;
			}
			stop.complete(report);
		} catch (RuntimeException | Error e) {
			synchronized (lock) {
				running = null;
			}
			stop.completeExceptionally(e);
		}
	}

	private StopReport run(StopRequest request) {
		String id = UUID.randomUUID().toString();
		Instant started = Instant.now();
		MemorySnapshot before = meter.snapshot(() -> deviceProbe);
		events.started(id, request);
		List<StepReport> done = new ArrayList<>();
		Set<Stoppable> ran = new HashSet<>();
		StepRunner.Listener listener = events.stepListener(id);
		List<RegisteredStep> band;
		// Re-read the registry before every band: a Stoppable registered during the stop still runs
		// if its band is yet to come, one that went away before its turn does not.
		int lastOrder = Integer.MIN_VALUE;
		while (!(band = nextBand(lastOrder, ran)).isEmpty()) {
			lastOrder = band.get(0).order();
			band.forEach(step -> ran.add(step.stoppable()));
			done.addAll(runner.runBand(band, request, listener));
		}
		MemorySnapshot after = meter.settledSnapshot(before, () -> deviceProbe, RSS_SETTLE_LIMIT);
		StopReport report = new StopReport(id, started, request, Duration.between(started, Instant.now()).toMillis(),
				done, before, after);
		try {
			history.add(report);
		} catch (IOException e) {
			LOG.log(Level.WARNING, "stop report could not be added to the history", e);
		}
		events.finished(report);
		return report;
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

	private static Path historyFile(BundleContext context, Map<String, Object> properties) {
		Object configured = properties.get("history.file");
		if (configured instanceof String path && !path.isBlank()) {
			return Path.of(path);
		}
		String instanceArea = context.getProperty("osgi.instance.area");
		if (instanceArea != null) {
			try {
				return Path.of(new URI(instanceArea.replace(" ", "%20"))).resolve(".metadata/.plugins/io.backstop.estop/stop-history.json");
			} catch (URISyntaxException | IllegalArgumentException e) {
				LOG.warning("instance area " + instanceArea + " is not a file URL; keeping the stop history in the bundle data area");
			}
		}
		return context.getDataFile("stop-history.json").toPath();
	}
}
