package io.backstop.sweep.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;

/**
 * The sweep service and its emergency-stop step ({@code sweep.halt}, order 100) as the DS
 * runtime wires them. Component properties: {@code sweeps.dir} (else system property
 * {@code backstop.sweeps.dir}, else {@code <osgi.instance.area>/sweeps}, else the bundle's data
 * area), {@code progress.interval.ms}, {@code checkpoint.interval.ms}, {@code history.size}.
 * The stop signal, indicator cache, EventAdmin and a strategy registry service are used when
 * present (the built-in strategies otherwise).
 */
@Component(service = { SweepService.class, Stoppable.class }, immediate = true, property = {
		Stoppable.ORDER + ":Integer=100", Stoppable.TIMEOUT_MS + ":Long=3000", "progress.interval.ms:Long=250",
		"checkpoint.interval.ms:Long=5000", "history.size:Integer=100" })
public class SweepServiceComponent implements SweepService, Stoppable {

	/** System property naming the sweeps directory. */
	public static final String SWEEPS_DIR_PROPERTY = "backstop.sweeps.dir";

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile StopSignal signal;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile IndicatorCache cache;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile EventAdmin eventAdmin;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile StrategyRegistry registry;

	private final StrategyRegistry builtIn = StrategyRegistry.standard();
	private volatile SweepEngine engine;

	@Activate
	void activate(BundleContext context, Map<String, Object> properties) {
		engine = newEngine(context, properties);
	}

	/**
	 * A new sweeps directory applies to the sweeps started after it, without re-registering the
	 * service; while sweeps run, the engine that runs them stays until the next change.
	 */
	@Modified
	synchronized void modified(BundleContext context, Map<String, Object> properties) {
		if (sweepsDir(context, properties).equals(engine.sweepsDirectory())
				|| list().stream().anyMatch(handle -> !handle.status().state().isFinished())) {
			return;
		}
		SweepEngine previous = engine;
		engine = newEngine(context, properties);
		previous.close();
	}

	private SweepEngine newEngine(BundleContext context, Map<String, Object> properties) {
		return new SweepEngine(sweepsDir(context, properties), () -> {
			StrategyRegistry r = registry;
			return r != null ? r : builtIn;
		}, () -> signal, () -> cache, this::post, number(properties, "progress.interval.ms", 250),
				number(properties, "checkpoint.interval.ms", 5000), (int) number(properties, "history.size", 100));
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

	static Path sweepsDir(BundleContext context, Map<String, Object> properties) {
		Object configured = properties.get("sweeps.dir");
		if (configured != null && !configured.toString().isBlank()) {
			return Path.of(configured.toString());
		}
		String system = System.getProperty(SWEEPS_DIR_PROPERTY);
		if (system != null && !system.isBlank()) {
			return Path.of(system);
		}
		String instance = context.getProperty("osgi.instance.area");
		if (instance != null) {
			try {
				return Path.of(new URI(instance.replace(" ", "%20"))).resolve("sweeps");
			} catch (URISyntaxException | IllegalArgumentException e) {
				if (!instance.contains(":")) {
					return Path.of(instance).resolve("sweeps");
				}
			}
		}
		return context.getDataFile("sweeps").toPath();
	}

	private static long number(Map<String, Object> properties, String key, long fallback) {
		Object v = properties.get(key);
		if (v instanceof Number n) {
			return n.longValue();
		}
		return v == null ? fallback : Long.parseLong(v.toString().trim());
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
