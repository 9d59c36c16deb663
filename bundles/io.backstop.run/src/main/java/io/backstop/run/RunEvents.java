package io.backstop.run;

/**
 * EventAdmin topics and properties the {@link RunService} posts. PROGRESS is posted at most
 * {@link #MAX_PROGRESS_PER_SECOND} times a second per run; STARTED and FINISHED once per run,
 * REFUSED once per request that did not start.
 */
public final class RunEvents {

	public static final String TOPIC_BASE = "io/backstop/run/";
	public static final String TOPIC_ALL = TOPIC_BASE + "*";
	/** A series was opened: {@link #SERIES_NAME}, {@link #BARS}. */
	public static final String DATA_OPENED = TOPIC_BASE + "DATA_OPENED";
	public static final String STARTED = TOPIC_BASE + "STARTED";
	public static final String PROGRESS = TOPIC_BASE + "PROGRESS";
	/** A run ended: {@link #OUTCOME} says how. */
	public static final String FINISHED = TOPIC_BASE + "FINISHED";
	/**
	 * A run was asked for and did not start (a bad input, a limit, no data, the stop raised, an engine
	 * missing): {@link #WHAT} and {@link #REASON}.
	 */
	public static final String REFUSED = TOPIC_BASE + "REFUSED";
	/** Rows were added, dropped their curves or were cleared: {@link #ROWS}. */
	public static final String RESULTS_CHANGED = TOPIC_BASE + "RESULTS_CHANGED";

	/** Upper bound on PROGRESS events per run and second. */
	public static final int MAX_PROGRESS_PER_SECOND = 4;

	/** The run's id (String), on STARTED, PROGRESS and FINISHED. */
	public static final String RUN_ID = "run.id";
	/** The {@link RunKind} name (String). */
	public static final String KIND = "kind";
	/** The strategy id (String). */
	public static final String STRATEGY_ID = "strategy.id";
	/** The run's origin, "sweep 3" (String). */
	public static final String ORIGIN = "origin";
	/** The {@link RunState} name (String). */
	public static final String STATE = "state";
	/** The {@link RunProgress}. */
	public static final String PROGRESS_SNAPSHOT = "progress";
	/** {@link RunProgress#describe()} (String). */
	public static final String DESCRIPTION = "description";
	/** The {@link RunOutcome}, on FINISHED. */
	public static final String OUTCOME = "outcome";
	/** The series' name (String), on DATA_OPENED and STARTED. */
	public static final String SERIES_NAME = "series.name";
	/** The series' bar count (Integer), on DATA_OPENED. */
	public static final String BARS = "bars";
	/** What was asked, "the sweep of macd_crossover" (String), on REFUSED. */
	public static final String WHAT = "what";
	/** Why it did not start, one line naming the field or limit (String), on REFUSED. */
	public static final String REASON = "reason";
	/** Rows in the results now (Integer), on RESULTS_CHANGED. */
	public static final String ROWS = "rows";

	private RunEvents() {
	}
}
