package io.backstop.estop.api;

/** EventAdmin topics and properties the coordinator posts while a stop runs. */
public final class StopEvents {

	public static final String TOPIC_BASE = "io/backstop/estop/";
	public static final String TOPIC_ALL = TOPIC_BASE + "*";
	public static final String STARTED = TOPIC_BASE + "STARTED";
	public static final String STEP_STARTED = TOPIC_BASE + "STEP_STARTED";
	public static final String STEP_PROGRESS = TOPIC_BASE + "STEP_PROGRESS";
	public static final String STEP_FINISHED = TOPIC_BASE + "STEP_FINISHED";
	public static final String FINISHED = TOPIC_BASE + "FINISHED";
	public static final String RESET = TOPIC_BASE + "RESET";

	/** The stop's id (String), on every event. */
	public static final String REPORT_ID = "report.id";
	/** The {@link StopRequest}, on STARTED. */
	public static final String REQUEST = "request";
	/** The {@link PlannedStep}, on STEP_STARTED and STEP_PROGRESS. */
	public static final String STEP = "step";
	/** The {@link StepReport}, on STEP_FINISHED. */
	public static final String STEP_REPORT = "step.report";
	/** A progress line (String) a step reported, on STEP_PROGRESS. */
	public static final String PROGRESS = "progress";
	/** The {@link StopReport}, on FINISHED. */
	public static final String REPORT = "report";

	private StopEvents() {
	}
}
