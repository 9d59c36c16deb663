package io.backstop.llm;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A running or finished optimisation run. */
public interface AgentRun {

	String id();

	AgentSpec spec();

	Instant startedAt();

	AgentState state();

	/** The iterations evaluated so far, in order. */
	List<IterationRecord> iterations();

	Optional<IterationRecord> best();

	/** The run's JSON-lines log: one line per prompt/reply and per evaluated iteration. */
	Path logFile();

	/** True while a request to the model is in flight. */
	boolean isWaitingForModel();

	/** One line for a progress view: "iteration 3/10, sharpe 1.21 (best 1.40)". */
	String progress();

	/**
	 * Halts the run: aborts the request in flight and cancels the evaluation. Returns at once;
	 * {@link #result()} completes with {@link AgentState#HALTED} shortly after.
	 *
	 * @return false when the run had already ended
	 */
	boolean halt(String reason);

	/** Completes when the run ends, however it ends; never exceptionally. */
	CompletableFuture<AgentResult> result();
}
