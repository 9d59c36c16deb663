package io.backstop.gpu;

import java.util.List;
import java.util.Optional;

import io.backstop.estop.api.DeviceMemoryProbe.DeviceMemory;

/**
 * The CUDA device this application computes on, its memory pool and the buffers handed out
 * from it. Registered as an OSGi service whether or not a device is present; without one,
 * {@link #available()} is false and nothing here throws except {@link #allocate(long, String)}.
 */
public interface GpuService {

	/** The service's configuration: which CUDA device it opens. */
	String PID = "io.backstop.gpu";

	/** True when a CUDA device, its driver and the JCuda natives could be used. */
	boolean available();

	/** Why no device is usable, for example "no CUDA device: libcuda.so.1: cannot open ..."; empty when available. */
	String unavailableReason();

	/** All CUDA devices the driver reports; empty without one. */
	List<GpuDevice> devices();

	/** The device buffers are allocated on, when available. */
	Optional<GpuDevice> selectedDevice();

	/**
	 * Allocates device memory from the service's pool and tracks it under {@code owner}.
	 *
	 * @throws GpuUnavailableException without a usable device
	 * @throws IllegalArgumentException when {@code bytes} is not positive
	 */
	DeviceBuffer allocate(long bytes, String owner);

	/** Buffers currently handed out, oldest first. */
	List<Allocation> allocations();

	/** Total size of {@link #allocations()}. */
	long allocatedBytes();

	/** Free and total memory of the selected device ({@code cuMemGetInfo}), or why unavailable. */
	DeviceMemory memory();

	/**
	 * Frees every tracked buffer, trims the pool to zero and synchronizes the device. Owners
	 * holding a freed buffer see {@link DeviceBuffer#isReleased()} true.
	 */
	GpuRelease releaseAll();
}
