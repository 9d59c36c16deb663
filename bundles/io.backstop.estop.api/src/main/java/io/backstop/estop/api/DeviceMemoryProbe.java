package io.backstop.estop.api;

/**
 * Device (GPU) memory as the coordinator measures it before and after a stop. Offered by the
 * GPU bundle when it is installed; the coordinator works without it.
 */
public interface DeviceMemoryProbe {

	/** Current free and total device memory, or why there is none. */
	DeviceMemory probe();

	/**
	 * @param available false when there is no usable device; then {@code reason} says why
	 */
	record DeviceMemory(boolean available, long freeBytes, long totalBytes, String reason) {

		public static DeviceMemory unavailable(String reason) {
			return new DeviceMemory(false, 0, 0, reason);
		}
	}
}
