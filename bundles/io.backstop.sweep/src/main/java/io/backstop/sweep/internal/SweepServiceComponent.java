package io.backstop.sweep.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.FieldOption;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.estop.api.Workspace;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.RangeEvaluator;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;

/**
 * The sweep service and its emergency-stop step ({@code sweep.halt}, order 100) as the DS
 * runtime wires them, configured under {@link SweepService#PID} ({@link SweepConfiguration});
 * without a sweeps directory, the workspace's {@code sweeps}. Its strategies are the strategy
 * registry's; the stop signal, indicator cache and EventAdmin are used when present.
 */
@Component(service = { SweepService.class, Stoppable.class }, immediate = true, configurationPid = SweepService.PID,
		property = { Stoppable.ORDER + ":Integer=100", Stoppable.TIMEOUT_MS + ":Long=3000" })
@Designate(ocd = SweepConfiguration.class)
public class SweepServiceComponent implements SweepService, Stoppable {

	/** What the configuration sets; a null directory is the workspace's. */
	record Settings(Path sweepsDir, long progressIntervalMillis, long checkpointIntervalMillis, int historySize) {

		Settings {
			TypedConfiguration.requireAtLeast("progress.interval.ms", progressIntervalMillis, 1);
			TypedConfiguration.requireAtLeast("checkpoint.interval.ms", checkpointIntervalMillis, 1);
			TypedConfiguration.requireAtLeast("history.size", historySize, 1);
		}

		static Settings of(SweepConfiguration config) {
			String dir = config.sweeps_dir().strip();
			return new Settings(dir.isEmpty() ? null : Path.of(dir), config.progress_interval_ms(),
					config.checkpoint_interval_ms(), config.history_size());
		}

		@Override
		public String toString() {
			return (sweepsDir == null ? "the workspace's sweeps" : sweepsDir.toString()) + ", progress every "
					+ progressIntervalMillis + " ms, checkpoint every " + checkpointIntervalMillis + " ms, history of "
					+ historySize;
		}
	}

	static final Settings DEFAULT = new Settings(null, 250, 5000, 100);

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile StopSignal signal;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile IndicatorCache cache;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile EventAdmin eventAdmin;

	@Reference
	private StrategyRegistry registry;

	/** Whiteboard: where a distributed sweep farms ranges (the cluster, when on). */
	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY, fieldOption = FieldOption.UPDATE)
	private final List<RangeExecutor> executors = new java.util.concurrent.CopyOnWriteArrayList<>();

	private volatile SweepEngine engine;

	private Workspace workspace;
	private Settings settings = DEFAULT;

	@Activate
	void activate(BundleContext context, SweepConfiguration config) {
		workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA));
		settings = TypedConfiguration.apply(SweepService.PID, SweepConfiguration.class, config, Settings::of, settings);
		engine = newEngine(settings);
	}

	/**
	 * New settings apply to the sweeps started after them, without re-registering the service;
	 * while sweeps run, the engine that runs them stays until the next change.
	 */
	@Modified
	synchronized void modified(SweepConfiguration config) {
		Settings configured = TypedConfiguration.apply(SweepService.PID, SweepConfiguration.class, config,
				Settings::of, settings);
		if (configured.equals(settings) || list().stream().anyMatch(handle -> !handle.status().state().isFinished())) {
			return;
		}
		settings = configured;
		SweepEngine previous = engine;
		engine = newEngine(configured);
		previous.close();
	}

	private SweepEngine newEngine(Settings configured) {
		return new SweepEngine(sweepsDir(configured), () -> registry, () -> signal, () -> cache, this::post,
				configured.progressIntervalMillis(), configured.checkpointIntervalMillis(), configured.historySize(),
				() -> List.copyOf(executors));
	}

	@Deactivate
	void deactivate() {
		engine.close();
	}

	private void post(String topic, Map<String, Object> properties) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, (Map<String, ?>) properties));
		}
	}

	private Path sweepsDir(Settings configured) {
		return configured.sweepsDir() != null ? configured.sweepsDir() : workspace.resolve("sweeps");
	}

	/** The engine behind the service, for tests in this bundle. */
	SweepEngine engine() {
		return engine;
	}

	@Override
	public SweepHandle start(SweepSpec spec) {
		return engine.start(spec);
	}

	@Override
	public SweepHandle startDistributed(SweepSpec spec) {
		return engine.startDistributed(spec);
	}

	@Override
	public SweepHandle resumeDistributed(String idOrDirectory) throws IOException {
		return engine.resumeDistributed(idOrDirectory);
	}

	@Override
	public RangeEvaluator rangeEvaluator(SweepSpec spec) {
		return engine.rangeEvaluator(spec);
	}

	@Override
	public List<SweepHandle> list() {
		return engine.list();
	}

	@Override
	public Optional<SweepHandle> get(String id) {
		return engine.get(id);
	}

	@Override
	public boolean cancel(String id) {
		return engine.cancel(id);
	}

	@Override
	public SweepHandle resume(String idOrDirectory) throws IOException {
		return engine.resume(idOrDirectory);
	}

	@Override
	public SweepHandle resume(Path directory, OhlcvSeries series) throws IOException {
		return engine.resume(directory, series);
	}

	@Override
	public Path sweepsDirectory() {
		return engine.sweepsDirectory();
	}

	@Override
	public String id() {
		return engine.id();
	}

	@Override
	public String label() {
		return engine.label();
	}

	@Override
	public StepResult stop(StopContext context) {
		return engine.stop(context);
	}
}
