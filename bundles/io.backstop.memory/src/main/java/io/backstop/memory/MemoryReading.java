package io.backstop.memory;

/**
 * Raw memory figures as a {@link MemorySource} reads them; -1 for what it could not read.
 *
 * @param processResidentBytes resident set size of this process
 * @param systemAvailableBytes memory the system has available
 * @param systemTotalBytes     physical memory of the system
 * @param heapUsedBytes        JVM heap in use
 * @param heapMaxBytes         the JVM's maximum heap
 */
public record MemoryReading(long processResidentBytes, long systemAvailableBytes, long systemTotalBytes,
		long heapUsedBytes, long heapMaxBytes) {

	/** Share of system memory in use, 0 when unknown. */
	public double systemUsedPercent() {
		return systemTotalBytes > 0 && systemAvailableBytes >= 0
				? 100.0 * (systemTotalBytes - systemAvailableBytes) / systemTotalBytes
				: 0;
	}

	/** Share of the maximum heap in use, 0 when unknown. */
	public double heapUsedPercent() {
		return heapMaxBytes > 0 && heapUsedBytes >= 0 ? 100.0 * heapUsedBytes / heapMaxBytes : 0;
	}
}
