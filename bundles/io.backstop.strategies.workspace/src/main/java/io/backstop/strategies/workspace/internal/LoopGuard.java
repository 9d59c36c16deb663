package io.backstop.strategies.workspace.internal;

/**
 * Called by strategy code at every backward jump (the sandbox inserts the call): once the thread
 * running it is interrupted, the run ends with {@link StrategyAbandoned}. Public because classes of
 * another class loader call it; strategy sources cannot name it (the sandbox refuses this package).
 */
public final class LoopGuard {

	private LoopGuard() {
	}

	/** Ends the run when its thread was interrupted: the strategy was abandoned. */
	public static void poll() {
		if (Thread.currentThread().isInterrupted()) {
			throw new StrategyAbandoned();
		}
	}
}
