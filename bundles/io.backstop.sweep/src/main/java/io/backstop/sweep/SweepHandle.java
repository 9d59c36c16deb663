package io.backstop.sweep;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A sweep started by the {@link SweepService}. Thread-safe. */
public interface SweepHandle {

	/** The sweep's id, also the name of its directory. */
	String id();

	/** What it computes. */
	SweepSpec spec();

	/** A snapshot of its progress. Cheap: callable several times a second. */
	SweepStatus status();

	/**
	 * Asks the workers to stop; they do so within a few thousand bars. The partial results
	 * and a checkpoint are saved, and the sweep ends CANCELLED (resumable).
	 *
	 * @return false if it had already finished
	 */
	boolean cancel();

	/**
	 * Completes with the final status once every worker has stopped and the results file and
	 * checkpoint are written. Never completes exceptionally: a failure ends in {@link SweepState#FAILED}.
	 */
	CompletableFuture<SweepStatus> completion();

	/** The sweep's directory: {@code results.csv} and {@code checkpoint.properties}. */
	Path directory();

	/**
	 * Combinations done before the current run started: those a resumed sweep found in its checkpoint
	 * and results file; 0 for a new sweep. Unlike {@link #status()}, it does not move once the workers run.
	 *
	 * @since 1.5
	 */
	long doneAtStart();

	/**
	 * Combinations the current run computed, by where they ran: the cluster member's address
	 * ({@code 127.0.0.1:5702}), the starting member's first. Empty for a sweep that is not
	 * distributed.
	 *
	 * @since 1.5
	 */
	default Map<String, Long> doneByMember() {
		return Map.of();
	}
}
