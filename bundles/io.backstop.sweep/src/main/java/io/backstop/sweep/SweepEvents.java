package io.backstop.sweep;

/**
 * EventAdmin topics and properties the sweep service posts. PROGRESS is posted at most
 * {@link #MAX_PROGRESS_PER_SECOND} times a second per sweep; STARTED and FINISHED once per run.
 */
public final class SweepEvents {

	public static final String TOPIC_BASE = "io/backstop/sweep/";
	public static final String TOPIC_ALL = TOPIC_BASE + "*";
	public static final String STARTED = TOPIC_BASE + "STARTED";
	public static final String PROGRESS = TOPIC_BASE + "PROGRESS";
	public static final String FINISHED = TOPIC_BASE + "FINISHED";

	/** Upper bound on PROGRESS events per sweep and second. */
	public static final int MAX_PROGRESS_PER_SECOND = 4;

	/** The sweep id (String), on every event. */
	public static final String SWEEP_ID = "sweep.id";
	/** The strategy id (String). */
	public static final String STRATEGY_ID = "strategy.id";
	/** The {@link SweepState} name (String). */
	public static final String STATE = "state";
	/** Combinations done (Long). */
	public static final String DONE = "done";
	/** Combinations in the grid (Long). */
	public static final String TOTAL = "total";
	/** Combinations per second (Double). */
	public static final String RATE = "rate";
	/** Estimated milliseconds to completion (Long), -1 when unknown. */
	public static final String ETA_MS = "eta.ms";
	/** The best combination so far as text (String), empty when none. */
	public static final String BEST = "best";
	/** The best objective value so far (Double), NaN when none. */
	public static final String BEST_OBJECTIVE = "best.objective";
	/** The results file path (String). */
	public static final String RESULTS_FILE = "results.file";
	/**
	 * Combinations the current run computed by cluster member ({@code Map<String, Long>}, as
	 * {@link SweepHandle#doneByMember()}); on a distributed sweep's events only.
	 *
	 * @since 1.5
	 */
	public static final String DONE_BY_MEMBER = "done.by.member";
	/** The full {@link SweepStatus}. */
	public static final String STATUS = "status";

	private SweepEvents() {
	}
}
