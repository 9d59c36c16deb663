package io.backstop.gpu;

/**
 * One CUDA device as the driver reports it.
 *
 * @param ordinal               the driver's device index
 * @param name                  the device name, for example "NVIDIA H100 80GB HBM3"
 * @param totalBytes            total device memory
 * @param computeMajor          compute capability, major part
 * @param computeMinor          compute capability, minor part
 * @param memoryPoolsSupported  whether stream-ordered memory pools are available
 */
public record GpuDevice(int ordinal, String name, long totalBytes, int computeMajor, int computeMinor,
		boolean memoryPoolsSupported) {
}
