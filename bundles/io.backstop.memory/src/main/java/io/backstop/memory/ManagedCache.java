package io.backstop.memory;

/**
 * A cache that can be emptied to give memory back. Bundles register their caches as OSGi
 * services of this type; the {@link ManagedCacheRegistry} lists them and the emergency stop
 * clears them all. Implementations must be thread-safe and {@link #clear()} must be quick.
 */
public interface ManagedCache {

	/** Stable, human-readable name, for example "indicators.memory". */
	String name();

	/** Current size in bytes, estimated if need be; 0 when empty. */
	long sizeBytes();

	/** Drops every entry and returns the bytes released (the size before, if nothing better is known). */
	long clear();
}
