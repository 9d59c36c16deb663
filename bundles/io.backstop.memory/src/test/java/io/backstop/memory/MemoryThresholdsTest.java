package io.backstop.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemoryThresholdsTest {

	@Test
	void defaultLevelsAt75And80And90Percent() {
		MemoryThresholds t = MemoryThresholds.DEFAULT;
		assertEquals(MemoryLevel.NORMAL, t.levelFor(0));
		assertEquals(MemoryLevel.NORMAL, t.levelFor(74.99));
		assertEquals(MemoryLevel.WARNING, t.levelFor(75));
		assertEquals(MemoryLevel.WARNING, t.levelFor(79.9));
		assertEquals(MemoryLevel.HIGH, t.levelFor(80));
		assertEquals(MemoryLevel.HIGH, t.levelFor(89.9));
		assertEquals(MemoryLevel.CRITICAL, t.levelFor(90));
		assertEquals(MemoryLevel.CRITICAL, t.levelFor(100));
	}

	@Test
	void rejectsThresholdsThatDoNotRise() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryThresholds(80, 75, 90));
		assertEquals("thresholds must rise within (0, 100]: warning 80.0, high 75.0, critical 90.0", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> new MemoryThresholds(50, 60, 101));
	}

	@Test
	void readingPercentagesAndUnknowns() {
		MemoryReading r = new MemoryReading(1, 25, 100, 30, 60);
		assertEquals(75.0, r.systemUsedPercent(), 1e-12);
		assertEquals(50.0, r.heapUsedPercent(), 1e-12);
		MemoryReading unknown = new MemoryReading(-1, -1, -1, 30, -1);
		assertEquals(0.0, unknown.systemUsedPercent());
		assertEquals(0.0, unknown.heapUsedPercent());
	}
}
