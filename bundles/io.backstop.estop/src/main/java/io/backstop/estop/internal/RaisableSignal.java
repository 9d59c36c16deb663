package io.backstop.estop.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.estop.api.StopSignal;

/**
 * The stop flag: one volatile write to raise, one volatile read to poll. Raising only sets the
 * flag; the coordinator runs the {@link #callbacks()} afterwards on threads of its own, so no
 * callback can delay or prevent the raise.
 */
final class RaisableSignal implements StopSignal {

	private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
	private volatile boolean raised;

	@Override
	public boolean isRaised() {
		return raised;
	}

	void raise() {
		raised = true;
	}

	void lower() {
		raised = false;
	}

	/** The callbacks registered now, in registration order. */
	List<Runnable> callbacks() {
		return List.copyOf(callbacks);
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
