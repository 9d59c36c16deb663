package io.backstop.indicators.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.backstop.indicators.IndicatorCache;
import io.backstop.memory.ManagedCache;

/**
 * The indicator cache's memory tier as a managed cache, so the memory manager lists its size
 * and can empty it under memory pressure. Active only where the memory bundle is installed.
 */
@Component(service = ManagedCache.class)
public class IndicatorMemoryCache implements ManagedCache {

	@Reference
	private IndicatorCache cache;

	@Override
	public String name() {
		return "indicators.memory";
	}

	@Override
	public long sizeBytes() {
		return cache.stats().memoryBytes();
	}

	@Override
	public long clear() {
		return cache.clearMemory().bytes();
	}
}
