package io.backstop.memory;

import java.util.List;

/** Every {@link ManagedCache} registered right now. Registered as an OSGi service. */
public interface ManagedCacheRegistry {

	/** The registered caches with their current sizes, in registration order. */
	List<CacheSize> caches();

	/** Sum of the sizes the caches report (those that fail to report count 0). */
	long totalBytes();

	/** Clears every cache; one that throws is reported and does not keep the others. */
	List<CacheRelease> clearAll();

	/**
	 * @param sizeBytes the cache's size, or -1 when asking it failed
	 */
	record CacheSize(String name, long sizeBytes) {
	}

	/**
	 * @param bytesReleased what the cache reported released, 0 when it failed
	 * @param error         why clearing failed, null when it did not
	 */
	record CacheRelease(String name, long bytesReleased, String error) {

		public boolean ok() {
			return error == null;
		}
	}
}
