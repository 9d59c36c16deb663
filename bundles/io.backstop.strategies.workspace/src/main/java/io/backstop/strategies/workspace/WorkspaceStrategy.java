package io.backstop.strategies.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A strategy source in the workspace as its last compile left it.
 *
 * @param name       the file's name without {@code .java}, which is also its class's name
 * @param file       {@code WORKSPACE/strategies/NAME.java}
 * @param state      compiled, in use or errors
 * @param strategyId the id it registered under; empty while it has errors
 * @param problems   what stopped its last compile; empty when compiled
 */
public record WorkspaceStrategy(String name, Path file, StrategyState state, Optional<String> strategyId,
		List<CompileProblem> problems) {

	public WorkspaceStrategy {
		problems = List.copyOf(problems);
	}

	/** True when it is registered as a strategy service. */
	public boolean registered() {
		return state != StrategyState.ERRORS;
	}
}
