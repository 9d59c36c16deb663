package io.backstop.estop.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.estop.api.StopSignal;

/** The stop flag: one volatile write to raise, one volatile read to poll. */
final class RaisableSignal implements StopSignal {

	private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
	private volatile boolean raised;

	@Override
	public boolean isRaised() {
		return raised;
	}

	/** Raises the flag, then runs the callbacks of work blocked in I/O; returns the failures. */
	List<Throwable> raise() {
		raised = true;
		List<Throwable> failures = new ArrayList<>();
		for (Runnable callback : callbacks) {
			try {
				callback.run();
			} catch (RuntimeException e) {
				failures.add(e);
			}
		}
		return failures;
	}

	void lower() {
		raised = false;
	}

	@Override
	public Registration onRaise(Runnable callback) {
		callbacks.add(callback);
		if (raised) {
			callback.run();
		}
		return () -> callbacks.remove(callback);
	}
}
