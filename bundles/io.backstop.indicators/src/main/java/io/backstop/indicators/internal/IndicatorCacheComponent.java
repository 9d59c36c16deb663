package io.backstop.indicators.internal;

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
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.estop.api.Workspace;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.IndicatorKey;

/**
 * The indicator cache service, and its emergency-stop step (order 300): the step clears the
 * live memory cache and prunes expired disk entries (all of them when the stop asks to clear
 * disk caches), reporting entries and bytes released. Configured under {@link IndicatorCache#PID}
 * ({@link CacheConfiguration}); without a directory the cache lives in the workspace's
 * {@code .cache/indicators}.
 */
@Component(service = { IndicatorCache.class, Stoppable.class }, configurationPid = IndicatorCache.PID,
		property = { Stoppable.ORDER + ":Integer=300", Stoppable.TIMEOUT_MS + ":Long=5000" })
@Designate(ocd = CacheConfiguration.class)
public class IndicatorCacheComponent implements IndicatorCache, Stoppable {

	public static final String STEP_ID = "indicators.cache";

	/** What the configuration sets; a null directory is the workspace's. */
	record Settings(Path directory, long memoryMaxMb, long diskMaxMb, long ttlHours) {

		Settings {
			TypedConfiguration.requireAtLeast("memory.max.mb", memoryMaxMb, 1);
			TypedConfiguration.requireAtLeast("disk.max.mb", diskMaxMb, 1);
			TypedConfiguration.requireAtLeast("ttl.hours", ttlHours, 1);
		}

		static Settings of(CacheConfiguration config) {
			String dir = config.dir().strip();
			return new Settings(dir.isEmpty() ? null : Path.of(dir), config.memory_max_mb(), config.disk_max_mb(),
					config.ttl_hours());
		}

		@Override
		public String toString() {
			return (directory == null ? "the workspace's cache" : directory.toString()) + ", memory " + memoryMaxMb
					+ " MB, disk " + diskMaxMb + " MB, entries valid " + ttlHours + " h";
		}
	}

	static final Settings DEFAULT = new Settings(null, 256, 1024, 168);
	private static final long MB = 1024 * 1024;

	private volatile IndicatorCacheImpl cache;
	private Workspace workspace;
	private Settings settings = DEFAULT;

	@Activate
	void activate(BundleContext context, CacheConfiguration config) {
		workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA));
		settings = TypedConfiguration.apply(IndicatorCache.PID, CacheConfiguration.class, config, Settings::of,
				settings);
		cache = create(settings);
	}

	/**
	 * New limits or directory take effect at once, without re-registering the service that
	 * sweeps and views hold: the cache is replaced and the old one's memory released.
	 */
	@Modified
	void modified(CacheConfiguration config) {
		Settings previous = settings;
		settings = TypedConfiguration.apply(IndicatorCache.PID, CacheConfiguration.class, config, Settings::of,
				previous);
		if (!settings.equals(previous)) {
			IndicatorCacheImpl replaced = cache;
			cache = create(settings);
			replaced.clearMemory();
		}
	}

	private IndicatorCacheImpl create(Settings configured) {
		Path directory = configured.directory() != null ? configured.directory()
				: workspace.resolve(".cache", "indicators");
		return new IndicatorCacheImpl(directory, configured.memoryMaxMb() * MB, configured.diskMaxMb() * MB,
				Duration.ofHours(configured.ttlHours()), Clock.systemUTC());
	}

	@Deactivate
	void deactivate() {
		IndicatorCacheImpl c = cache;
		if (c != null) {
			c.clearMemory();
		}
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
