package io.backstop.optimise;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A search the {@link OptimiseService} started or resumed. Thread-safe. */
public interface SearchHandle {

	/** Unique among the service's searches; also its directory's name. */
	String id();

	SearchSpec spec();

	/** A snapshot, cheap enough to poll several times a second. */
	SearchStatus status();

	/** Every evaluation so far, in order (a resumed search's earlier ones included). */
	List<Evaluation> evaluations();

	/**
	 * The best objective after each evaluation (NaN until a valid one): the best-so-far curve.
	 */
	double[] bestSoFar();

	/**
	 * Evaluations this run of the search recorded by where they ran, for a search on the cluster: this
	 * Backstop first (as the cluster names it), then each member that evaluated points; empty for a
	 * search on this Backstop only.
	 *
	 * @since 1.4
	 */
	default Map<String, Long> doneByMember() {
		return Map.of();
	}

	/** The search's directory: results file and checkpoint. */
	Path directory();

	/** Completes when the search has ended and its checkpoint is written; never exceptionally. */
	CompletableFuture<SearchStatus> completion();

	/**
	 * Asks the search to end after the evaluation in progress; what it did is kept and resumable.
	 *
	 * @return false when it had already ended
	 */
	boolean cancel();
}
