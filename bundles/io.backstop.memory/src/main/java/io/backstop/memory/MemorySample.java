package io.backstop.memory;

import java.time.Instant;

/**
 * One reading of the {@link MemoryMonitor} with its level: what the UI status line shows.
 *
 * @param at              when it was read
 * @param reading         the raw figures
 * @param pressurePercent the higher of system use and heap use, which decides the level
 * @param level           the level of {@code pressurePercent}
 */
public record MemorySample(Instant at, MemoryReading reading, double pressurePercent, MemoryLevel level) {

	public long processResidentBytes() {
		return reading.processResidentBytes();
	}

	public long systemAvailableBytes() {
		return reading.systemAvailableBytes();
	}

	public long systemTotalBytes() {
		return reading.systemTotalBytes();
	}

	public long heapUsedBytes() {
		return reading.heapUsedBytes();
	}

	public long heapMaxBytes() {
		return reading.heapMaxBytes();
	}

	public double systemUsedPercent() {
		return reading.systemUsedPercent();
	}

	public double heapUsedPercent() {
		return reading.heapUsedPercent();
	}
}
