package io.backstop.llm.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.estop.api.StopSignal;

/** A StopSignal as the coordinator offers it: raising runs the callbacks on the raising thread. */
final class TestStopSignal implements StopSignal {

	private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
	private volatile boolean raised;

	void raise() {
		raised = true;
		callbacks.forEach(Runnable::run);
	}

	void lower() {
		raised = false;
	}

	@Override
	public boolean isRaised() {
		return raised;
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
