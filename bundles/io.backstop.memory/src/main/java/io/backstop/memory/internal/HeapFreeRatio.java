package io.backstop.memory.internal;

import java.lang.management.ManagementFactory;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;

/**
 * The JVM's {@code MaxHeapFreeRatio}: the share of the heap that may stay free after a
 * collection before the collector gives the rest back to the system. It is a manageable flag of
 * HotSpot, set here through its diagnostic MBean (by name, so that nothing outside the Java SE
 * API is imported); on a JVM without it, lowering does nothing. HotSpot refuses a maximum below
 * {@code MinHeapFreeRatio}, so a minimum above the new maximum is lowered with it, for as long.
 */
final class HeapFreeRatio {

	private static final String OPTION = "MaxHeapFreeRatio";
	private static final String MIN_OPTION = "MinHeapFreeRatio";
	private static final System.Logger LOG = System.getLogger(HeapFreeRatio.class.getName());

	/** Restores the ratio that was set before {@link HeapFreeRatio#lower(int)}. */
	interface Lowered extends AutoCloseable {
		@Override
		void close();
	}

	private final MBeanServer server;
	private final ObjectName diagnostic;

	private HeapFreeRatio(MBeanServer server, ObjectName diagnostic) {
		this.server = server;
		this.diagnostic = diagnostic;
	}

	static HeapFreeRatio ofThisJvm() {
		MBeanServer server = ManagementFactory.getPlatformMBeanServer();
		try {
			ObjectName name = new ObjectName("com.sun.management:type=HotSpotDiagnostic");
			return new HeapFreeRatio(server, server.isRegistered(name) ? name : null);
		} catch (JMException e) {
			return new HeapFreeRatio(server, null);
		}
	}

	/** The ratio now, in percent, or -1 where the JVM has no such flag. */
	int percent() {
		return read(OPTION);
	}

	/**
	 * Lowers the ratio to {@code percent} until the returned handle is closed; where it is already
	 * that low, or cannot be set (another JVM), leaves it as it is.
	 */
	Lowered lower(int percent) {
		int before = percent();
		int minimumBefore = read(MIN_OPTION);
		if (before <= percent) {
			return () -> { };
		}
		boolean minimumLowered = minimumBefore > percent && write(MIN_OPTION, percent);
		if (!set(percent)) {
			if (minimumLowered) {
				write(MIN_OPTION, minimumBefore);
			}
			return () -> { };
		}
		return () -> {
			set(before);
			if (minimumLowered) {
				write(MIN_OPTION, minimumBefore);
			}
		};
	}

	boolean set(int percent) {
		return write(OPTION, percent);
	}

	private int read(String option) {
		if (diagnostic == null) {
			return -1;
		}
		try {
			CompositeData value = (CompositeData) server.invoke(diagnostic, "getVMOption", new Object[] { option },
					new String[] { String.class.getName() });
			return Integer.parseInt((String) value.get("value"));
		} catch (JMException | RuntimeException e) {
			return -1;
		}
	}

	private boolean write(String option, int percent) {
		if (diagnostic == null) {
			return false;
		}
		try {
			server.invoke(diagnostic, "setVMOption", new Object[] { option, Integer.toString(percent) },
					new String[] { String.class.getName(), String.class.getName() });
			return true;
		} catch (JMException | RuntimeException e) {
			LOG.log(System.Logger.Level.WARNING, "cannot set " + option + " to " + percent + ": " + e.getMessage());
			return false;
		}
	}
}
