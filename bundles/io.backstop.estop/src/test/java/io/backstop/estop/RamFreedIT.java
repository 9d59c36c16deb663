package io.backstop.estop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;

/**
 * With the product's heap settings (a pre-touched initial heap that keeps what it grows to) and the
 * memory manager's GC step: memory let go of between stops stays with the process, for the next
 * work to use without faulting pages in; a component that lets go of 400 MB above the initial heap
 * during the stop makes the report's "RAM freed" memory the OS really got back.
 */
class RamFreedIT {

	private static final int HELD_MEGABYTES = 400;
	private static final int BLOCK_BYTES = 256 << 10;

	@Test
	void releasedHeapLeavesTheProcessAndIsReportedAsRamFreed() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(RamFreedIT.class).getBundleContext();
		ServiceTracker<EmergencyStop, EmergencyStop> tracker = new ServiceTracker<>(context, EmergencyStop.class, null);
		tracker.open();
		EmergencyStop emergencyStop = tracker.waitForService(10_000);
		assertNotNull(emergencyStop);
		assertTrue(emergencyStop.plannedSteps().stream().anyMatch(step -> step.id().equals("memory.gc")),
				"the memory manager's GC step is registered: " + emergencyStop.plannedSteps());

		// fill the initial heap first, so that what the holder takes makes the heap grow
		int initialMegabytes = (int) (ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit() >> 20);
		MemoryHolder filler = new MemoryHolder(initialMegabytes);
		MemoryHolder holder = new MemoryHolder(HELD_MEGABYTES);
		long residentHolding = residentBytes();
		filler.stop(null);
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		Thread.sleep(500);
		long residentAfterCollections = residentBytes();
		assertTrue(residentHolding - residentAfterCollections < (100L << 20),
				"a collection between stops leaves the heap's memory with the process: resident "
						+ (residentHolding >> 20) + " MB -> " + (residentAfterCollections >> 20) + " MB");
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(Stoppable.ORDER, 100);
		ServiceRegistration<Stoppable> registration = context.registerService(Stoppable.class, holder, properties);
		try {
			StopReport report = emergencyStop.requestStop(StopRequest.of("ram test", "test")).get(30, TimeUnit.SECONDS);

			StepReport gc = report.steps().stream().filter(s -> s.id().equals("memory.gc")).findFirst().orElseThrow();
			assertEquals(StepStatus.CLEANED, gc.status(), gc.detail());
			long freedMegabytes = report.ramFreedBytes() >> 20;
			System.out.println("[RamFreedIT] " + report.summary() + "; resident before "
					+ (report.before().processResidentBytes() >> 20) + " MB, after "
					+ (report.after().processResidentBytes() >> 20) + " MB, heap freed " + (report.heapFreedBytes() >> 20)
					+ " MB, stop took " + report.durationMillis() + " ms");
			assertTrue(freedMegabytes >= HELD_MEGABYTES / 2,
					"the process gave back at least half of the " + HELD_MEGABYTES + " MB released: " + freedMegabytes + " MB");
		} finally {
			registration.unregister();
			emergencyStop.reset();
		}
	}

	private static long residentBytes() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
			}
		}
		throw new IOException("no VmRSS in /proc/self/status");
	}

	/** Holds memory until the stop, like a sweep's result buffers or a loaded series. */
	private static final class MemoryHolder implements Stoppable {

		private volatile byte[][] blocks;

		MemoryHolder(int megabytes) {
			blocks = new byte[(int) ((long) megabytes << 20) / BLOCK_BYTES][];
			for (int i = 0; i < blocks.length; i++) {
				blocks[i] = new byte[BLOCK_BYTES];
				blocks[i][i % 1024] = 1;
			}
		}

		@Override
		public String id() {
			return "test.holder";
		}

		@Override
		public String label() {
			return "Release held test memory";
		}

		@Override
		public StepResult stop(StopContext context) {
			long bytes = (long) blocks.length * BLOCK_BYTES;
			blocks = null;
			return StepResult.cleaned("released the held blocks", bytes, List.of("holder"));
		}
	}
}
