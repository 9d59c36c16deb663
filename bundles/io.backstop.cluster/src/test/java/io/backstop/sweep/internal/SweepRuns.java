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
}
