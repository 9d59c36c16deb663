package io.backstop.estop.api;

/**
 * The flag running work polls. Raised at once by a stop request, lowered only by
 * {@link EmergencyStop#reset()}. Registered as an OSGi service.
 */
public interface StopSignal {

	/** A volatile read: cheap enough for a hot loop every few thousand iterations. */
	boolean isRaised();

	/**
	 * Refuses new work while the signal is raised.
	 *
	 * @throws WorkRefusedException naming what was refused and how to allow it again
	 */
	default void ensureLowered(String work) {
		if (isRaised()) {
			throw new WorkRefusedException(work + " refused: the emergency stop is active; reset it to run new work");
		}
	}

	/**
	 * Runs {@code callback} when the signal is raised (at once if it already is), for work
	 * blocked in I/O that cannot poll: close its connection, interrupt its thread. Callbacks
	 * run on the thread that raises the signal and must return quickly.
	 *
	 * @return closing it unregisters the callback
	 */
	Registration onRaise(Runnable callback);

	/** Handle of an {@link #onRaise(Runnable)} callback. */
	interface Registration extends AutoCloseable {
		@Override
		void close();
	}
}
