package io.backstop.optimise.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import io.backstop.backtest.CancellationToken;
import io.backstop.optimise.SearchState;

/**
 * Where a search or walk-forward stands, and whether it was asked to end: by its user (cancel) or by
 * the emergency stop (its step, or the raised signal the run polls).
 */
final class RunControl {

	static final int CANCEL = 1;
	static final int STOP = 2;

	private final BooleanSupplier stopRaised;
	private final AtomicBoolean stopReported = new AtomicBoolean();
	private volatile int halt;
	private volatile SearchState state = SearchState.RUNNING;
	private volatile long haltNoticedNanos;

	RunControl(BooleanSupplier stopRaised) {
		this.stopRaised = stopRaised;
	}

	/** A volatile read or two: polled before every evaluation and by the backtest in progress. */
	boolean shouldEnd() {
		return halt != 0 || stopRaised.getAsBoolean();
	}

	CancellationToken token() {
		return this::shouldEnd;
	}

	SearchState state() {
		return state;
	}

	void end(SearchState end) {
		state = end;
	}

	/** How a run asked to end ends: cancelled by its user, else halted by the emergency stop. */
	SearchEnded halted() {
		if (haltNoticedNanos == 0) {
			haltNoticedNanos = System.nanoTime();
		}
		return halt == CANCEL ? new SearchEnded(SearchState.CANCELLED, "cancelled")
				: new SearchEnded(SearchState.STOPPED, "halted by the emergency stop");
	}

	/** {@link System#nanoTime()} when the run's thread first saw it was asked to end; 0 before. */
	long haltNoticedNanos() {
		return haltNoticedNanos;
	}

	int reason() {
		return halt;
	}

	/**
	 * Asks the run to end; the first reason given stands.
	 *
	 * @return false when it had already ended
	 */
	boolean halt(int reason) {
		if (state.isFinished()) {
			return false;
		}
		if (halt == 0) {
			halt = reason;
		}
		return true;
	}

	/**
	 * For the stop step: halts the run when it is running, and claims it once when the stop signal already
	 * halted it (it saw the signal before the step ran).
	 *
	 * @return true when the step must report it
	 */
	boolean haltForStop() {
		if (state.isFinished()) {
			return state == SearchState.STOPPED && !stopReported.getAndSet(true);
		}
		stopReported.set(true);
		return halt(STOP) || state == SearchState.STOPPED;
	}
}
