package io.backstop.memory;

/** How close memory is to running out, from {@link MemoryThresholds}. */
public enum MemoryLevel {
	/** Below the warning threshold. */
	NORMAL,
	/** At or above the warning threshold (75% by default). */
	WARNING,
	/** At or above the high threshold (80% by default). */
	HIGH,
	/** At or above the critical threshold (90% by default); the automatic stop, when enabled, fires here. */
	CRITICAL
}
