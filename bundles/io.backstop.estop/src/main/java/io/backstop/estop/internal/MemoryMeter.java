package io.backstop.estop.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import io.backstop.estop.api.DeviceMemoryProbe;
import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;
import io.backstop.estop.api.MemorySnapshot;
import oshi.SystemInfo;
import oshi.hardware.GlobalMemory;
import oshi.software.os.OSProcess;
import oshi.software.os.OperatingSystem;

/** Reads heap, resident, system and device memory, and GC counters. */
final class MemoryMeter {

	private static final long SIGNIFICANT_BYTES = 8L << 20;
	private static final long SETTLE_POLL_MILLIS = 25;
	private static final int MIN_POLLS_WITHOUT_A_FALL = 4;

	private final GlobalMemory systemMemory;
	private final OperatingSystem operatingSystem;
	private final int processId;

	MemoryMeter() {
		SystemInfo systemInfo = new SystemInfo();
		this.systemMemory = systemInfo.getHardware().getMemory();
		this.operatingSystem = systemInfo.getOperatingSystem();
		this.processId = operatingSystem.getProcessId();
	}

	MemorySnapshot snapshot(Supplier<DeviceMemoryProbe> deviceProbe) {
		MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
		long gcCount = 0;
		long gcTime = 0;
		for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
			gcCount += Math.max(0, collector.getCollectionCount());
			gcTime += Math.max(0, collector.getCollectionTime());
		}
		DeviceMemory device = readDevice(deviceProbe.get());
		return new MemorySnapshot(Instant.now(), heap.getUsed(), heap.getCommitted(), residentBytes(),
				systemMemory.getAvailable(), device.available() ? device.freeBytes() : -1,
				device.available() ? device.totalBytes() : -1, gcCount, gcTime);
	}

	/**
	 * The snapshot after a stop. When the steps released memory and the heap gave committed memory
	 * back, the collector returns it to the OS in the background over the next tens of
	 * milliseconds; the resident size is read once it stops falling (bounded by
	 * {@code settleLimit}), so "RAM freed" counts it. A stop that released nothing does not wait.
	 *
	 * @param releasedBytes what the steps reported released
	 */
	MemorySnapshot settledSnapshot(MemorySnapshot before, long releasedBytes, Supplier<DeviceMemoryProbe> deviceProbe,
			Duration settleLimit) {
		MemorySnapshot after = snapshot(deviceProbe);
		if (releasedBytes < SIGNIFICANT_BYTES
				|| before.heapCommittedBytes() - after.heapCommittedBytes() < SIGNIFICANT_BYTES) {
			return after;
		}
		long deadline = System.nanoTime() + settleLimit.toNanos();
		long previous = after.processResidentBytes();
		boolean fell = false;
		for (int polls = 1; System.nanoTime() < deadline; polls++) {
			try {
				Thread.sleep(SETTLE_POLL_MILLIS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				break;
			}
			long current = residentBytes();
			boolean steady = Math.abs(previous - current) < SIGNIFICANT_BYTES / 8;
			fell |= previous - current >= SIGNIFICANT_BYTES / 8;
			if (steady && (fell || polls >= MIN_POLLS_WITHOUT_A_FALL)) {
				break;
			}
			previous = current;
		}
		return snapshot(deviceProbe);
	}

	private long residentBytes() {
		OSProcess process = operatingSystem.getProcess(processId);
		return process == null ? -1 : process.getResidentSetSize();
	}

	private static DeviceMemory readDevice(DeviceMemoryProbe probe) {
		if (probe == null) {
			return DeviceMemory.unavailable("no device memory service");
		}
		try {
			return probe.probe();
		} catch (RuntimeException | LinkageError e) {
			return DeviceMemory.unavailable(e.toString());
		}
	}
}
