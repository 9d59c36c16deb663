package io.backstop.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.backstop.memory.MemoryLevel;

class LevelTrackerTest {

	@Test
	void firesOnlyOnEnteringCriticalWhenEnabled() {
		LevelTracker tracker = new LevelTracker();
		assertFalse(tracker.update(MemoryLevel.NORMAL, true).changed());
		LevelTracker.Transition high = tracker.update(MemoryLevel.HIGH, true);
		assertTrue(high.changed());
		assertFalse(high.fireStop());
		assertTrue(tracker.update(MemoryLevel.CRITICAL, true).fireStop());
		assertFalse(tracker.update(MemoryLevel.CRITICAL, true).fireStop());
		assertFalse(tracker.update(MemoryLevel.HIGH, true).fireStop());
		assertTrue(tracker.update(MemoryLevel.CRITICAL, true).fireStop());
		tracker.update(MemoryLevel.NORMAL, true);
		LevelTracker.Transition disabled = tracker.update(MemoryLevel.CRITICAL, false);
		assertTrue(disabled.changed());
		assertFalse(disabled.fireStop());
		assertEquals(MemoryLevel.CRITICAL, tracker.level());
	}
}
