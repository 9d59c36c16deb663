package io.backstop.memory.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import io.backstop.memory.ManagedCache;
import io.backstop.memory.ManagedCacheRegistry;

/**
 * Tracks the live {@link ManagedCache} services: caches come and go with their bundles, and
 * the emergency stop must clear the instances that hold memory, not new empty ones.
 */
@Component(service = ManagedCacheRegistry.class)
public final class ManagedCacheRegistryImpl implements ManagedCacheRegistry {

	private final List<ManagedCache> caches = new CopyOnWriteArrayList<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeCache")
	void addCache(ManagedCache cache) {
		caches.add(cache);
	}

	void removeCache(ManagedCache cache) {
		caches.remove(cache);
	}

	@Override
	public List<CacheSize> caches() {
		List<CacheSize> sizes = new ArrayList<>();
		for (ManagedCache cache : caches) {
			sizes.add(new CacheSize(nameOf(cache), sizeOf(cache)));
		}
		return sizes;
	}

	@Override
	public long totalBytes() {
		return caches().stream().mapToLong(c -> Math.max(0, c.sizeBytes())).sum();
	}

	@Override
	public List<CacheRelease> clearAll() {
		List<CacheRelease> releases = new ArrayList<>();
		for (ManagedCache cache : caches) {
			String name = nameOf(cache);
			try {
				releases.add(new CacheRelease(name, Math.max(0, cache.clear()), null));
			} catch (RuntimeException e) {
				String message = e.getMessage() == null ? e.getClass().getSimpleName()
						: e.getClass().getSimpleName() + ": " + e.getMessage();
				releases.add(new CacheRelease(name, 0, message));
			}
		}
		return releases;
	}

	private static String nameOf(ManagedCache cache) {
		try {
			String name = cache.name();
			return name == null || name.isBlank() ? cache.getClass().getName() : name;
		} catch (RuntimeException e) {
			return cache.getClass().getName();
		}
	}

	private static long sizeOf(ManagedCache cache) {
		try {
			return cache.sizeBytes();
		} catch (RuntimeException e) {
			return -1;
		}
	}
}
