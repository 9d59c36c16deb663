package io.backstop.gpu;

/**
 * Device memory handed out by {@link GpuService#allocate(long, String)}. The service tracks it
 * until it is closed or until the emergency stop frees it; after either, copies throw
 * {@link IllegalStateException} and {@link #close()} does nothing.
 */
public interface DeviceBuffer extends AutoCloseable {

	/** The service's number for this buffer, as in {@link Allocation#id()}. */
	long id();

	String owner();

	long bytes();

	/** True once closed by its owner or freed by the emergency stop. */
	boolean isReleased();

	/** Copies {@code source} to the start of the buffer; it must fit. */
	void copyFromHost(double[] source);

	/** Copies the start of the buffer into {@code target}; it must fit. */
	void copyToHost(double[] target);

	/** Frees the device memory; idempotent. */
	@Override
	void close();
}
