package io.backstop.builder;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** A builder session: running now, or as a previous run left it on disk. Thread-safe. */
public interface BuildSession {

	/** {@code yyyyMMdd-HHmmss}, also its folder's name under {@link BuilderService#directory()}. */
	String id();

	BuildRequest request();

	/** The model it asks (the request's, or the configured one when the request names none). */
	String model();

	/** The name of the series it backtests on. */
	String dataName();

	/** {@code WORKSPACE/builder/ID}. */
	Path directory();

	SessionState state();

	/** What the current iteration does; {@link BuildPhase#IDLE} once ended. */
	BuildPhase phase();

	/** "iteration 3 of 5: compiling (fix 1)"; the end's message once ended. */
	String progress();

	/** Why it ended ("5 iterations done", "halted while backtesting iteration 2: emergency stop"); empty while running. */
	String message();

	/** The iterations that ended, oldest first. */
	List<BuildIteration> iterations();

	/** The source being compiled or run now, else the last one written; empty before the first. */
	String currentSource();

	/** The tested iteration with the best objective metric. */
	Optional<BuildIteration> best();

	/** Completes with this session when it ends; never exceptionally. */
	CompletableFuture<BuildSession> completion();

	/**
	 * Halts it: aborts the model's reply in flight, abandons a compile, halts a backtest or sweep, and
	 * abandons strategy code that does not return. What it did so far stays on disk.
	 *
	 * @return false when it was not running
	 */
	boolean halt(String reason);
}
