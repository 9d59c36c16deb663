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
	 * Runs {@code callback} when the signal is raised (at once, on the calling thread, if it
	 * already is), for work blocked in I/O that cannot poll: close its connection, interrupt its
	 * thread. The signal is raised before any callback runs. Callbacks run on the coordinator's
	 * threads, each isolated: what one throws, an {@code Error} included, is reported in the stop
	 * and keeps neither the others nor the steps. They must return quickly: the steps wait for
	 * them a short, fixed time only, and a callback still running then is left behind and reported.
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
