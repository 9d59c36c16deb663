package io.backstop.llm;

import java.util.List;
import java.util.Optional;

/**
 * Starts and tracks LLM optimisation runs; each runs as an Eclipse Job of family
 * {@link #JOB_FAMILY} with progress. Registered as an OSGi service.
 */
public interface AgentService {

	/** The service's configuration: the directory runs log their iterations to. */
	String PID = "io.backstop.llm.agents";

	/** Job family of every agent job, for {@code Job.getJobManager().find(JOB_FAMILY)}. */
	Object JOB_FAMILY = AgentService.class.getName();

	/**
	 * Schedules a run.
	 *
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop is active
	 */
	AgentRun start(AgentSpec spec, Evaluator evaluator);

	/** Runs still going, oldest first. */
	List<AgentRun> active();

	/** Every run of this session, oldest first, finished ones included. */
	List<AgentRun> runs();

	Optional<AgentRun> find(String id);

	/**
	 * Halts every active run (see {@link AgentRun#halt(String)}).
	 *
	 * @return the runs that were active and are now halting
	 */
	List<AgentRun> haltAll(String reason);
}
