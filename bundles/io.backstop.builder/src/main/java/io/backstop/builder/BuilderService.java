package io.backstop.builder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Starts, continues, lists, halts and promotes builder sessions. Registered as an OSGi service. A
 * session runs on the open series of the run service; its candidates are compiled in the strategy
 * sandbox and never registered; {@link #promote} moves one into the workspace's strategies, where
 * every run can use it. The emergency stop halts every session through the step {@value #STEP_ID}.
 * <p>
 * Bad input is refused with an {@link IllegalArgumentException} of one line that names it; new
 * sessions with {@code WorkRefusedException} while the emergency stop is raised.
 */
public interface BuilderService {

	/** The emergency stop step (order 100) that halts every session. */
	String STEP_ID = "builder.halt";

	/** {@code WORKSPACE/builder}: one folder per session. */
	Path directory();

	/**
	 * Starts a session on the open series and returns at once.
	 *
	 * @throws IllegalArgumentException when no data is open or the model is not a name
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop is raised
	 */
	BuildSession start(BuildRequest request);

	/**
	 * Continues a session that ended (halted, failed, or from a previous run of Backstop) from what is on
	 * disk: a halted iteration runs again; the iterations done count.
	 *
	 * @param iterations the new iteration budget in all; 0 keeps the session's
	 * @throws IllegalArgumentException when there is no such session, it is running, or its budget is used up
	 * @throws IOException              when its files cannot be read
	 */
	BuildSession resume(String id, int iterations) throws IOException;

	/** This run's sessions and those on disk, newest first. */
	List<BuildSession> sessions();

	Optional<BuildSession> find(String id);

	/**
	 * Writes an iteration's source into the workspace's strategies as {@code NAME.java} (its class and id
	 * renamed, its parameters' defaults set to the best tested combination's values) and compiles it
	 * there, so that it is offered to every run.
	 *
	 * @param iteration 0 for the session's best
	 * @param name      the strategy's name (a Java class name); null keeps the generated class name
	 * @throws IllegalArgumentException when there is no such session or tested iteration, or the name is taken
	 * @throws IOException              when its source cannot be read
	 */
	Promotion promote(String id, int iteration, String name) throws IOException;

	/** Halts every running session. */
	List<BuildSession> haltAll(String reason);
}
