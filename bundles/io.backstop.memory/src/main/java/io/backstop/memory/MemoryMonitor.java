package io.backstop.memory;

/**
 * Samples system memory and the JVM heap every few seconds, derives a {@link MemoryLevel}
 * and posts {@link MemoryEvents#LEVEL_CHANGED} when it changes. Optionally requests an
 * emergency stop when memory turns CRITICAL: off by default, once per crossing (again only
 * after the level fell below CRITICAL and rose back). Registered as an OSGi service.
 * <p>
 * Configured under {@link #PID}: {@code sample.interval.ms} (2000),
 * {@code threshold.warning} / {@code .high} / {@code .critical} (75 / 80 / 90 % used),
 * {@code automatic.stop} (false); a change applies at once.
 */
public interface MemoryMonitor {

	/** The monitor's configuration: thresholds, sample interval and the automatic stop. */
	String PID = "io.backstop.memory.monitor";

	/** The most recent sample; taken at once if none was taken yet. */
	MemorySample latest();

	/** Reads memory now, updates the level and acts on a change, as a scheduled sample does. */
	MemorySample sampleNow();

	MemoryThresholds thresholds();

	long sampleIntervalMillis();

	/** Whether a stop is requested when memory turns CRITICAL ({@code automatic.stop}). */
	boolean automaticStopEnabled();
}
