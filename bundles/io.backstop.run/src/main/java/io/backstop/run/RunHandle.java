package io.backstop.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A run the {@link RunService} started. Thread-safe. */
public interface RunHandle {

	/** Unique among this service's runs; a sweep's id is also its directory's name. */
	String id();

	RunKind kind();

	/** What was asked (for a resumed sweep: as read back from its checkpoint). */
	RunRequest request();

	/** How results name the run: "backtest 1", "sweep 3", "LLM 2 (llama3.2)". */
	String origin();

	/** The name of the series it runs on. */
	String seriesName();

	Instant startedAt();

	/** A snapshot; cheap enough to call several times a second. */
	RunProgress progress();

	/**
	 * What a resumed run had done when it started again (a sweep's combinations, a search's evaluations),
	 * in the unit of its progress; 0 for a run started afresh. Fixed, unlike {@link #progress()}.
	 *
	 * @since 1.5
	 */
	default long doneAtStart() {
		return 0;
	}

	/** A sweep's directory, an LLM run's log file; null for a backtest. */
	Path location();

	/**
	 * The file people open for the run's results: a sweep's results CSV (every computed combination,
	 * written as they complete), an LLM run's log; null for a backtest.
	 */
	Path resultsFile();

	/** Completes when the run has ended and its rows are in the results; never exceptionally. */
	CompletableFuture<RunOutcome> completion();

	/**
	 * Asks the run to stop; what it computed so far is kept.
	 *
	 * @return false when it had already ended
	 */
	boolean cancel();
}
