package io.backstop.llm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a run ended.
 *
 * @param reason     one line: what ended it
 * @param best       the best iteration, null when nothing was evaluated
 * @param iterations iterations evaluated
 * @param logFile    the JSON-lines log of every iteration
 */
public record AgentResult(String runId, AgentState state, String reason, IterationRecord best, int iterations,
		Path logFile) {

	public Optional<IterationRecord> bestIteration() {
		return Optional.ofNullable(best);
	}
}
