package io.backstop.gpu;

/**
 * Computes {@link RollingStats} on the CUDA device when one is usable (kernel compiled at run
 * time with NVRTC), else on the CPU with {@link RollingStatsCpu}. Registered as an OSGi service.
 */
public interface RollingStatsService {

	/** On the device when {@link #deviceAvailable()}, else on the CPU; {@link RollingStats#backend()} says which. */
	RollingStats compute(double[] series, int[] periods);

	/**
	 * On the device only.
	 *
	 * @throws GpuUnavailableException when no device, driver or NVRTC is usable
	 */
	RollingStats computeOnDevice(double[] series, int[] periods);

	/** True when the kernel can run: a device is usable and NVRTC compiled the kernel. */
	boolean deviceAvailable();

	/** Why the device path is not usable; empty when it is. */
	String deviceUnavailableReason();
}
