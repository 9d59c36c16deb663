package io.backstop.memory;

/**
 * Samples system memory and the JVM heap every few seconds, derives a {@link MemoryLevel}
 * and posts {@link MemoryEvents#LEVEL_CHANGED} when it changes. Optionally requests an
 * emergency stop when memory turns CRITICAL: off by default, once per crossing (again only
 * after the level fell below CRITICAL and rose back). Registered as an OSGi service.
 * <p>
 * Component properties: {@code memory.sample.interval.ms} (2000),
 * {@code memory.threshold.warning} / {@code .high} / {@code .critical} (75 / 80 / 90),
 * {@code memory.autostop.enabled} (false).
 */
public interface MemoryMonitor {

	/** The most recent sample; taken at once if none was taken yet. */
	MemorySample latest();

	/** Reads memory now, updates the level and acts on a change, as a scheduled sample does. */
	MemorySample sampleNow();

	MemoryThresholds thresholds();

	long sampleIntervalMillis();

	boolean automaticStopEnabled();

	/** Turns the automatic emergency stop at CRITICAL on or off (a user preference). */
	void setAutomaticStopEnabled(boolean enabled);
}
