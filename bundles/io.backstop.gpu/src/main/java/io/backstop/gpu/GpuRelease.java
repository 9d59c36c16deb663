package io.backstop.gpu;

import java.util.List;

import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;

/**
 * What {@link GpuService#releaseAll()} freed.
 *
 * @param buffersFreed tracked buffers freed
 * @param bytesFreed   their total size
 * @param owners       distinct owners of the freed buffers, in allocation order
 * @param before       device memory before the release
 * @param after        device memory after freeing, trimming the pool and synchronizing
 */
public record GpuRelease(int buffersFreed, long bytesFreed, List<String> owners, DeviceMemory before,
		DeviceMemory after) {

	public GpuRelease {
		owners = List.copyOf(owners);
	}

	/** Growth of free device memory, 0 when it did not grow or is unknown. */
	public long vramFreeGain() {
		return before.available() && after.available() ? Math.max(0, after.freeBytes() - before.freeBytes()) : 0;
	}
}
