package io.backstop.memory.internal;

import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.memory.MemoryEvents;
import io.backstop.memory.MemoryLevel;
import io.backstop.memory.MemoryMonitor;
import io.backstop.memory.MemoryReading;
import io.backstop.memory.MemorySample;
import io.backstop.memory.MemorySource;
import io.backstop.memory.MemoryThresholds;

/**
 * {@link MemoryMonitor} on a single daemon thread. Level transitions are decided under a lock;
 * the emergency stop is requested before LEVEL_CHANGED is posted, so whoever sees the CRITICAL
 * event knows whether a stop was requested for it. {@link EmergencyStop#requestStop} returns at
 * once (the stop runs on the coordinator's threads), so calling it under the lock is cheap.
 */
@Component(service = MemoryMonitor.class, immediate = true, configurationPid = MemoryMonitor.PID)
@Designate(ocd = MonitorConfiguration.class)
public final class MemoryMonitorImpl implements MemoryMonitor {

	/** What the configuration sets; the thresholds check their own order. */
	record Settings(long intervalMillis, MemoryThresholds thresholds, boolean automaticStop) {

		static final Settings DEFAULT = new Settings(2000, MemoryThresholds.DEFAULT, false);

		Settings {
			if (intervalMillis < 100) {
				throw new IllegalArgumentException("sample.interval.ms must be at least 100 ms: " + intervalMillis);
			}
		}

		static Settings of(MonitorConfiguration config) {
			return new Settings(config.sample_interval_ms(), new MemoryThresholds(config.threshold_warning(),
					config.threshold_high(), config.threshold_critical()), config.automatic_stop());
		}

		@Override
		public String toString() {
			return String.format(Locale.ROOT, "thresholds %s/%s/%s %%, sample every %d ms, automatic stop %s",
					number(thresholds.warning()), number(thresholds.high()), number(thresholds.critical()),
					intervalMillis, automaticStop ? "on" : "off");
		}

		private static String number(double value) {
			return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
		}
	}

	static final String REQUESTED_BY = "memory-monitor";

	private static final System.Logger LOG = System.getLogger(MemoryMonitorImpl.class.getName());

	@Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	private volatile MemorySource source;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile EventAdmin events;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
			policyOption = ReferencePolicyOption.GREEDY)
	private volatile EmergencyStop emergencyStop;

	private final Object lock = new Object();
	private final LevelTracker tracker = new LevelTracker(); // guarded by lock
	private volatile Settings settings = Settings.DEFAULT;
	private volatile MemorySample latest;
	private ScheduledExecutorService scheduler;

	public MemoryMonitorImpl() {
	}

	/** For tests outside OSGi. */
	MemoryMonitorImpl(MemorySource source, EventAdmin events, EmergencyStop emergencyStop) {
		this.source = source;
		this.events = events;
		this.emergencyStop = emergencyStop;
	}

	@Activate
	@Modified
	void activate(MonitorConfiguration config) {
		configure(config);
		schedule();
	}

	/** Applies the configuration; a bad value is logged and changes nothing. */
	void configure(MonitorConfiguration config) {
		apply(TypedConfiguration.apply(MemoryMonitor.PID, MonitorConfiguration.class, config, Settings::of, settings));
	}

	/** Takes effect with the next sample; the schedule's interval with the next {@link #schedule()}. */
	void apply(Settings newSettings) {
		settings = newSettings;
	}

	@Deactivate
	synchronized void deactivate() {
		if (scheduler != null) {
			scheduler.shutdownNow();
			scheduler = null;
		}
	}

	synchronized void schedule() {
		if (scheduler != null) {
			scheduler.shutdownNow();
		}
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "backstop-memory-monitor");
			thread.setDaemon(true);
			return thread;
		});
		scheduler.scheduleWithFixedDelay(this::sampleQuietly, 0, settings.intervalMillis(), TimeUnit.MILLISECONDS);
	}

	private void sampleQuietly() {
		try {
			sampleNow();
		} catch (Throwable e) {
			// a scheduled task that throws is never run again, and an Error (an OutOfMemoryError, a
			// LinkageError after a bundle refresh) comes exactly when the automatic stop is needed
			LOG.log(Level.WARNING, "memory sample failed: " + e);
		}
	}

	@Override
	public MemorySample sampleNow() {
		MemorySource current = source;
		if (current == null) {
			throw new IllegalStateException("no memory source registered");
		}
		// read, decide and act under one lock: concurrent samples (the schedule and a caller)
		// must neither interleave stale readings nor post transitions out of order
		synchronized (lock) {
			MemoryReading reading = current.read();
			double pressure = Math.max(reading.systemUsedPercent(), reading.heapUsedPercent());
			Settings configured = settings;
			MemoryThresholds limits = configured.thresholds();
			MemorySample sample = new MemorySample(Instant.now(), reading, pressure, limits.levelFor(pressure));
			LevelTracker.Transition transition = tracker.update(sample.level(), configured.automaticStop());
			latest = sample;
			if (transition.fireStop() && !requestStop(sample, limits)) {
				tracker.stopNotRequested();
			}
			if (transition.changed()) {
				post(MemoryEvents.LEVEL_CHANGED, sample, transition.previous(), limits, null);
			}
			return sample;
		}
	}

	/** @return whether the stop was requested; if not, the next critical sample asks again */
	private boolean requestStop(MemorySample sample, MemoryThresholds limits) {
		String reason = String.format(Locale.ROOT, "memory use at %.1f%% reached the critical threshold of %.0f%%",
				sample.pressurePercent(), limits.critical());
		EmergencyStop stop = emergencyStop;
		if (stop == null) {
			LOG.log(Level.WARNING, reason + ", but no emergency stop is available");
			return true;
		}
		LOG.log(Level.WARNING, reason + ": requesting an emergency stop");
		try {
			stop.requestStop(StopRequest.of(reason, REQUESTED_BY));
		} catch (Throwable e) {
			LOG.log(Level.WARNING, "the emergency stop request failed; asking again at the next critical sample: " + e);
			return false;
		}
		post(MemoryEvents.AUTO_STOP_REQUESTED, sample, null, limits, reason);
		return true;
	}

	private void post(String topic, MemorySample sample, MemoryLevel previous, MemoryThresholds limits, String reason) {
		EventAdmin admin = events;
		if (admin == null) {
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put(MemoryEvents.LEVEL, sample.level().name());
		if (previous != null) {
			properties.put(MemoryEvents.PREVIOUS_LEVEL, previous.name());
		}
		properties.put(MemoryEvents.SYSTEM_USED_PERCENT, sample.systemUsedPercent());
		properties.put(MemoryEvents.HEAP_USED_PERCENT, sample.heapUsedPercent());
		properties.put(MemoryEvents.PRESSURE_PERCENT, sample.pressurePercent());
		switch (sample.level()) {
			case WARNING -> properties.put(MemoryEvents.THRESHOLD_PERCENT, limits.warning());
			case HIGH -> properties.put(MemoryEvents.THRESHOLD_PERCENT, limits.high());
			case CRITICAL -> properties.put(MemoryEvents.THRESHOLD_PERCENT, limits.critical());
			default -> {
				// NORMAL crosses no threshold
			}
		}
		properties.put(MemoryEvents.SAMPLE, sample);
		if (reason != null) {
			properties.put(MemoryEvents.REASON, reason);
		}
		admin.postEvent(new Event(topic, properties));
	}

	@Override
	public MemorySample latest() {
		MemorySample sample = latest;
		return sample != null ? sample : sampleNow();
	}

	@Override
	public MemoryThresholds thresholds() {
		return settings.thresholds();
	}

	@Override
	public long sampleIntervalMillis() {
		return settings.intervalMillis();
	}

	@Override
	public boolean automaticStopEnabled() {
		return settings.automaticStop();
	}
}
