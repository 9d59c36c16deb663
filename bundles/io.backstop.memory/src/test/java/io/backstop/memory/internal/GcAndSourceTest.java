package io.backstop.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.memory.MemoryReading;

class GcAndSourceTest {

	@Test
	void gcStepCollectsAndReportsHeapBeforeAndAfter() throws Exception {
		List<byte[]> garbage = new ArrayList<>();
		for (int i = 0; i < 64; i++) {
			garbage.add(new byte[256 * 1024]);
		}
		garbage.clear();
		StepResult result = new GcStoppable().stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(10), line -> { }));
		// CLEANED normally; SKIPPED only on a JVM run with -XX:+DisableExplicitGC
		assertTrue(result.status() == StepStatus.CLEANED || result.status() == StepStatus.SKIPPED, result.toString());
		assertTrue(result.counters().containsKey("heap.before") && result.counters().containsKey("heap.after"));
		if (result.status() == StepStatus.CLEANED) {
			long passes = result.counters().get("gc.passes");
			assertTrue(passes >= 1 && passes <= GcStoppable.MAX_PASSES, "passes " + passes);
			assertTrue(result.counters().get("gc.collections") >= passes);
			assertEquals(List.of("jvm heap"), result.componentsCleaned());
			assertEquals(Math.max(0, result.counters().get("heap.before") - result.counters().get("heap.after")),
					result.bytesReleased());
		}
		System.out.println("memory.gc: " + result.detail());
	}

	/**
	 * With the product's setting (a heap that keeps what it grew to), a plain collection leaves the
	 * memory reserved; the stop's collection gives it back and leaves the setting as it was.
	 */
	@Test
	void theStopsCollectionGivesBackWhatAPlainCollectionKeeps() throws Exception {
		HeapFreeRatio ratio = HeapFreeRatio.ofThisJvm();
		int jvmsOwn = ratio.percent();
		assumeTrue(jvmsOwn >= 0, "a JVM without MaxHeapFreeRatio");
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		assertTrue(ratio.set(100));
		try {
			List<byte[]> held = new ArrayList<>();
			for (int i = 0; i < 1200; i++) {
				held.add(new byte[256 * 1024]);
			}
			held.clear();
			System.gc();
			long reservedAfterPlainCollection = memory.getHeapMemoryUsage().getCommitted();
			assertTrue(reservedAfterPlainCollection - memory.getHeapMemoryUsage().getUsed() > (200L << 20),
					"a plain collection keeps the freed heap reserved: " + memory.getHeapMemoryUsage());

			StepResult result = new GcStoppable()
					.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(10), line -> { }));

			long reservedAfterStop = result.counters().get("heap.committed.after");
			assertTrue(reservedAfterPlainCollection - reservedAfterStop > (200L << 20), "the stop gave back "
					+ (reservedAfterPlainCollection - reservedAfterStop >> 20) + " MB: " + result.detail());
			assertTrue(result.detail().contains("reserved "), result.detail());
			assertEquals(100, ratio.percent(), "the product's setting is back after the stop");
		} finally {
			ratio.set(jvmsOwn);
		}
	}

	@Test
	void oshiSourceReadsThisMachine() {
		MemoryReading reading = new OshiMemorySource().read();
		assertTrue(reading.systemTotalBytes() > 0, reading.toString());
		assertTrue(reading.systemAvailableBytes() > 0 && reading.systemAvailableBytes() <= reading.systemTotalBytes());
		assertTrue(reading.processResidentBytes() > 0, reading.toString());
		assertTrue(reading.heapUsedBytes() > 0);
		System.out.println("memory reading: " + reading);
	}
}
