package io.backstop.memory;

/** EventAdmin topics and properties the {@link MemoryMonitor} posts. */
public final class MemoryEvents {

	public static final String TOPIC_BASE = "io/backstop/memory/";
	public static final String TOPIC_ALL = TOPIC_BASE + "*";
	/** The level changed, in either direction. */
	public static final String LEVEL_CHANGED = TOPIC_BASE + "LEVEL_CHANGED";
	/** The monitor requested an emergency stop because memory turned CRITICAL. */
	public static final String AUTO_STOP_REQUESTED = TOPIC_BASE + "AUTO_STOP_REQUESTED";

	/** The new {@link MemoryLevel}'s name (String). */
	public static final String LEVEL = "level";
	/** The previous {@link MemoryLevel}'s name (String). */
	public static final String PREVIOUS_LEVEL = "previous.level";
	/** System memory in use, percent (Double). */
	public static final String SYSTEM_USED_PERCENT = "system.used.percent";
	/** JVM heap in use of its maximum, percent (Double). */
	public static final String HEAP_USED_PERCENT = "heap.used.percent";
	/** The percentage that decided the level (Double). */
	public static final String PRESSURE_PERCENT = "pressure.percent";
	/** The threshold crossed into the new level, percent (Double); absent for NORMAL. */
	public static final String THRESHOLD_PERCENT = "threshold.percent";
	/** The {@link MemorySample}. */
	public static final String SAMPLE = "sample";
	/** On AUTO_STOP_REQUESTED: the stop's reason (String). */
	public static final String REASON = "reason";

	private MemoryEvents() {
	}
}
