package io.backstop.memory;

/**
 * Where the {@link MemoryMonitor} reads memory from. The bundle registers one on OSHI and the
 * JVM's MXBeans; the monitor uses the highest-ranked registered source, so another (a test
 * driving thresholds, a remote agent) can take over by registering with a higher
 * {@code service.ranking}.
 */
public interface MemorySource {

	/** Reads memory now; must be quick and must not throw for figures it cannot read (use -1). */
	MemoryReading read();
}
