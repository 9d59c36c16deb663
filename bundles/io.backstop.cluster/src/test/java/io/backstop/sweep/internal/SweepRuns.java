package io.backstop.sweep.internal;

import io.backstop.sweep.SweepHandle;

/**
 * What the cluster's benchmark reads of a sweep's run that the sweep bundle keeps to itself (this
 * class shares its package on the test class path).
 */
public final class SweepRuns {

	private SweepRuns() {
	}

	/**
	 * {@link System#nanoTime()} when the last worker of the sweep's run exited (its feeders of other
	 * members included): when its work halted, before its results and checkpoint are saved.
	 */
	public static long lastWorkerExitNanos(SweepHandle sweep) {
		return ((SweepRun) sweep).lastWorkerExitNanos();
	}

	/**
	 * {@link System#nanoTime()} when the last thread that computed combinations of the sweep on its
	 * own member exited: its workers, not the feeders that wait for other members' rows.
	 */
	public static long lastComputingExitNanos(SweepHandle sweep) {
		return ((SweepRun) sweep).lastComputingExitNanos();
	}

	/** {@link System#nanoTime()} when a worker of another member's range last ended on this engine's member. */
	public static long lastRangeWorkerEndNanos(SweepEngine engine) {
		return engine.lastRangeWorkerEndNanos();
	}
}
