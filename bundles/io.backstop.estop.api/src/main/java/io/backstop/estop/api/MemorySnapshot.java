package io.backstop.estop.api;

import java.time.Instant;

/**
 * Memory as measured at one instant. Values a probe could not read are -1.
 *
 * @param heapUsedBytes        JVM heap in use
 * @param heapCommittedBytes   JVM heap committed (held from the OS)
 * @param processResidentBytes resident set size of this process
 * @param systemAvailableBytes memory the system has available
 * @param vramFreeBytes        free device memory, -1 without a device
 * @param vramTotalBytes       total device memory, -1 without a device
 * @param gcCount              collections so far, all collectors
 * @param gcTimeMillis         time spent collecting so far, all collectors
 */
public record MemorySnapshot(Instant at, long heapUsedBytes, long heapCommittedBytes, long processResidentBytes,
		long systemAvailableBytes, long vramFreeBytes, long vramTotalBytes, long gcCount, long gcTimeMillis) {

	public boolean hasDevice() {
		return vramTotalBytes >= 0;
	}
}
