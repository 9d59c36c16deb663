package io.backstop.llm;

/** Where an optimisation run stands. */
public enum AgentState {
	RUNNING,
	/** The model accepted a parameter set. */
	ACCEPTED,
	/** The model chose to stop. */
	STOPPED_BY_MODEL,
	/** The iteration budget was used up. */
	BUDGET_EXHAUSTED,
	/** Halted from outside: emergency stop, cancelled job, {@link AgentRun#halt(String)}. */
	HALTED,
	/** Ollama failed or the model kept giving invalid replies. */
	FAILED;

	public boolean isFinal() {
		return this != RUNNING;
	}
}
