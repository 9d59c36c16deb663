package io.backstop.memory.internal;

import io.backstop.memory.MemoryLevel;

/**
 * The level state machine of the monitor, free of OSGi and threads: remembers the current
 * level and whether the automatic stop may fire. It fires on entering CRITICAL only, so a
 * machine that stays critical is not stopped again and again; it re-arms once the level has
 * dropped below CRITICAL. Not thread-safe: the monitor calls it under its lock.
 */
final class LevelTracker {

	/** What one sample changed. */
	record Transition(MemoryLevel previous, MemoryLevel current, boolean changed, boolean fireStop) {
	}

	private MemoryLevel level = MemoryLevel.NORMAL;
	private boolean stopOwed;

	Transition update(MemoryLevel next, boolean automaticStop) {
		MemoryLevel previous = level;
		level = next;
		boolean entersCritical = next == MemoryLevel.CRITICAL && (previous != MemoryLevel.CRITICAL || stopOwed);
		boolean fireStop = entersCritical && automaticStop;
		if (fireStop || next != MemoryLevel.CRITICAL) {
			stopOwed = false;
		}
		return new Transition(previous, next, previous != next, fireStop);
	}

	/** The stop this tracker last fired was not requested: the next critical sample fires it again. */
	void stopNotRequested() {
		stopOwed = true;
	}

	MemoryLevel level() {
		return level;
	}
}
