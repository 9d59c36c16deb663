package io.backstop.gpu.internal;

import java.util.List;

import io.backstop.gpu.GpuDevice;

/**
 * The device operations the GPU runtime needs, so that tracking, release and reporting can be
 * tested without a GPU. Implementations are not thread-safe: {@link GpuRuntime} serializes
 * every call except {@link #memInfo()}. Buffers are named by handles the backend assigns.
 */
interface DeviceBackend {

	List<GpuDevice> devices();

	GpuDevice selected();

	/** True when buffers come from a stream-ordered memory pool that can be trimmed. */
	boolean pooled();

	/** Allocates and returns a handle; the memory is usable when this returns. */
	long allocate(long bytes);

	void free(long handle);

	void copyToDevice(long handle, double[] source);

	void copyToDevice(long handle, int[] source);

	void copyToHost(long handle, double[] target);

	/** Returns the pool's unused memory to the driver; nothing without a pool. */
	void trimPool();

	/** Waits until all work queued on the device has finished. */
	void synchronize();

	/** {free, total} bytes of the selected device; safe to call concurrently with other calls. */
	long[] memInfo();

	/** Compiles the rolling statistics kernel on first use; empty when it can run, else why not. */
	String kernelUnavailableReason();

	/** Runs the rolling statistics kernel on buffers already filled, and waits for it. */
	void rollingStats(long series, int length, long periods, int periodCount, long mean, long std);

	/** Frees everything and destroys the context; the backend is unusable afterwards. */
	void close();
}
