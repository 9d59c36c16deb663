package io.backstop.strategies.workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.backstop.backtest.Strategy;

/**
 * A source compiled in the strategy sandbox and not registered: the strategy to run when it
 * compiled, else what stopped it (compile errors, references the sandbox refuses, a constructor
 * that throws).
 *
 * @param file     the source
 * @param strategy the loaded strategy; its runs turn a fault of its own code into an
 *                 {@link IllegalArgumentException} naming the source line
 * @param problems empty when it compiled
 */
public record CandidateStrategy(Path file, Optional<Strategy> strategy, List<CompileProblem> problems) {

	public CandidateStrategy {
		problems = List.copyOf(problems);
	}
}
