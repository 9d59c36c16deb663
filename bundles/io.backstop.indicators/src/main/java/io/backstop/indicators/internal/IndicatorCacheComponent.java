package io.backstop.indicators.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * The indicator cache service, and its emergency-stop step (order 300): the step clears the
 * live memory cache and prunes expired disk entries (all of them when the stop asks to clear
 * disk caches), reporting entries and bytes released.
 * <p>
 * Configuration (PID {@value #PID}, all optional): {@code dir} (disk cache directory),
 * {@code memory.max.mb} (default 256), {@code disk.max.mb} (default 1024), {@code ttl.hours}
 * (default 168). Without {@code dir} the system property {@value #DIR_PROPERTY} is used, then
 * {@code <instance area>/.cache/indicators} (the workspace), then
 * {@code <user.home>/.backstop/cache/indicators}.
 */
@Component(service = { IndicatorCache.class, Stoppable.class }, configurationPid = IndicatorCacheComponent.PID,
		configurationPolicy = ConfigurationPolicy.OPTIONAL, property = { Stoppable.ORDER + ":Integer=300",
				Stoppable.TIMEOUT_MS + ":Long=5000" })
public class IndicatorCacheComponent implements IndicatorCache, Stoppable {

	public static final String PID = "io.backstop.indicators.cache";
	public static final String DIR_PROPERTY = "backstop.indicators.cache.dir";
	public static final String STEP_ID = "indicators.cache";

	private volatile IndicatorCacheImpl cache;

	@Activate
	void activate(BundleContext context, Map<String, Object> config) {
		cache = new IndicatorCacheImpl(directory(context, config), mb(config, "memory.max.mb", 256),
				mb(config, "disk.max.mb", 1024), Duration.ofMinutes((long) (number(config, "ttl.hours", 168) * 60)),
				Clock.systemUTC());
	}

	/**
	 * New limits or directory take effect at once, without re-registering the service that
	 * sweeps and views hold: the cache is replaced and the old one's memory released.
	 */
	@Modified
	void modified(BundleContext context, Map<String, Object> config) {
		IndicatorCacheImpl previous = cache;
		activate(context, config);
		if (previous != null) {
			previous.clearMemory();
		}
	}

	@Deactivate
	void deactivate() {
		IndicatorCacheImpl c = cache;
		if (c != null) {
			c.clearMemory();
		}
	}

	static Path directory(BundleContext context, Map<String, Object> config) {
		Object dir = config.get("dir");
		if (dir != null && !dir.toString().isBlank()) {
			return Path.of(dir.toString());
		}
		String property = System.getProperty(DIR_PROPERTY);
		if (property != null && !property.isBlank()) {
			return Path.of(property);
		}
		String area = context == null ? null : context.getProperty("osgi.instance.area");
		if (area != null) {
			try {
				Path workspace = area.startsWith("file:") ? Path.of(URI.create(area.replace(" ", "%20"))) : Path.of(area);
				return workspace.resolve(".cache").resolve("indicators");
			} catch (RuntimeException e) {
				// fall back below
			}
		}
		return Path.of(System.getProperty("user.home"), ".backstop", "cache", "indicators");
	}

	private static double number(Map<String, Object> config, String key, double fallback) {
		Object v = config.get(key);
		if (v instanceof Number n) {
			return n.doubleValue();
		}
		if (v != null) {
			try {
				return Double.parseDouble(v.toString().trim());
			} catch (NumberFormatException e) {
				return fallback;
			}
		}
		return fallback;
	}

	private static long mb(Map<String, Object> config, String key, double fallback) {
		return (long) (number(config, key, fallback) * 1024 * 1024);
	}

	// ---------------------------------------------------------------- IndicatorCache

	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute) {
		return cache.getOrCompute(key, compute);
	}

	@Override
	public double[][] getOrCompute(IndicatorKey key, Supplier<double[][]> compute, BooleanSupplier cancelled) {
		return cache.getOrCompute(key, compute, cancelled);
	}

	@Override
	public Optional<double[][]> getIfPresent(IndicatorKey key) {
		return cache.getIfPresent(key);
	}

	@Override
	public Stats stats() {
		return cache.stats();
	}

	@Override
	public Released clearMemory() {
		return cache.clearMemory();
	}

	@Override
	public Released pruneDisk(boolean all) {
		return cache.pruneDisk(all);
	}

	// ---------------------------------------------------------------- Stoppable

	@Override
	public String id() {
		return STEP_ID;
	}

	@Override
	public String label() {
		return "Clear the indicator cache";
	}

	@Override
	public StepResult stop(StopContext context) {
		return stopStep(cache, context.request().clearDiskCache());
	}

	/** The step's work, shared with plain tests. */
	static StepResult stopStep(IndicatorCache cache, boolean clearDisk) {
		Released memory = cache.clearMemory();
		Released disk = cache.pruneDisk(clearDisk);
		Map<String, Long> counters = Map.of("memory.entries", memory.entries(), "memory.bytes", memory.bytes(),
				"disk.entries", disk.entries(), "disk.bytes", disk.bytes());
		if (memory.entries() == 0 && disk.entries() == 0) {
			return StepResult.skipped("indicator cache already empty" + (clearDisk ? "" : " (no expired disk entries)"))
					.withCounters(counters);
		}
		List<String> components = new ArrayList<>();
		if (memory.entries() > 0) {
			components.add("indicator cache (memory)");
		}
		if (disk.entries() > 0) {
			components.add("indicator cache (disk)");
		}
		String detail = "released " + memory.entries() + " in-memory entries (" + megabytes(memory.bytes())
				+ "); deleted " + disk.entries() + (clearDisk ? "" : " expired") + " disk entries ("
				+ megabytes(disk.bytes()) + ")";
		return StepResult.cleaned(detail, memory.bytes(), components).withCounters(counters);
	}

	private static String megabytes(long bytes) {
		return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
	}
}
