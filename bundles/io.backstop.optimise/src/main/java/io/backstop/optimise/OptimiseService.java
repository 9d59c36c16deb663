package io.backstop.optimise;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.backstop.data.OhlcvSeries;

/**
 * Starts, tracks, cancels and resumes searches and walk-forward analyses, and checks finished
 * searches for overfitting. Registered as an OSGi service (Declarative Services).
 * <p>
 * Each search writes to its own directory under the searches directory (the workspace's
 * {@code searches}): {@code evaluations.csv} (a header, then one line per evaluation in order:
 * index, every parameter, every figure) and {@code checkpoint.properties} (the spec and the count
 * of evaluations done). A resumed search replays the evaluations on file through its algorithm
 * with the same seed, so it continues exactly where an uninterrupted run would have been.
 */
public interface OptimiseService {

	/** The emergency stop step that halts every search and walk-forward. */
	String HALT_STEP_ID = "optimise.halt";

	/**
	 * Starts a search on its own thread and returns at once.
	 *
	 * @throws IllegalArgumentException one line naming the field: unknown strategy, parameter or metric,
	 *                                  a value outside a parameter's bounds
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 */
	default SearchHandle start(SearchSpec spec) {
		return start(spec, Placement.LOCAL);
	}

	/**
	 * As {@link #start(SearchSpec)}, its points evaluated where {@code placement} says.
	 *
	 * @throws IllegalStateException when the placement asks for the cluster and no cluster member can take
	 *                               points
	 * @since 1.4
	 */
	SearchHandle start(SearchSpec spec, Placement placement);

	/** Searches of this service, running and finished, oldest first (a walk-forward's window searches not included). */
	List<SearchHandle> searches();

	Optional<SearchHandle> search(String id);

	/**
	 * Continues a cancelled, halted or failed search: the id of one this service knows.
	 *
	 * @throws IllegalArgumentException for an unknown id
	 * @throws IllegalStateException    when it is running or complete
	 * @throws IOException              when its files cannot be read
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 */
	default SearchHandle resume(String id) throws IOException {
		return resume(id, Placement.LOCAL);
	}

	/** As {@link #resume(String)}, its points evaluated where {@code placement} says. @since 1.4 */
	SearchHandle resume(String id, Placement placement) throws IOException;

	/** Continues a search from its directory on disk with its series (the fingerprint must match). */
	default SearchHandle resume(Path directory, OhlcvSeries series) throws IOException {
		return resume(directory, series, Placement.LOCAL);
	}

	/** As {@link #resume(Path, OhlcvSeries)}, its points evaluated where {@code placement} says. @since 1.4 */
	SearchHandle resume(Path directory, OhlcvSeries series, Placement placement) throws IOException;

	/**
	 * What the checkpoint in a search's or walk-forward's directory says: its kind, state and bars.
	 *
	 * @throws IOException naming the file when there is no checkpoint or it cannot be read
	 */
	SavedRun saved(Path directory) throws IOException;

	/**
	 * Starts a walk-forward analysis on its own thread and returns at once.
	 *
	 * @throws IllegalArgumentException one line naming the field (windows that do not fit the bars, ...)
	 * @throws io.backstop.estop.api.WorkRefusedException while the emergency stop signal is raised
	 */
	default WalkForwardHandle walkForward(WalkForwardSpec spec) {
		return walkForward(spec, Placement.LOCAL);
	}

	/** As {@link #walkForward(WalkForwardSpec)}, each window's points evaluated where {@code placement} says. @since 1.4 */
	WalkForwardHandle walkForward(WalkForwardSpec spec, Placement placement);

	/** Walk-forward analyses of this service, oldest first. */
	List<WalkForwardHandle> walkForwards();

	Optional<WalkForwardHandle> walkForwardRun(String id);

	/**
	 * Continues a cancelled or halted walk-forward: windows done are replayed from their searches' files.
	 *
	 * @throws IllegalArgumentException for an unknown id
	 * @throws IllegalStateException    when it is running or complete
	 */
	default WalkForwardHandle resumeWalkForward(String id) {
		return resumeWalkForward(id, Placement.LOCAL);
	}

	/** As {@link #resumeWalkForward(String)}, its points evaluated where {@code placement} says. @since 1.4 */
	WalkForwardHandle resumeWalkForward(String id, Placement placement);

	/**
	 * Continues a walk-forward from its directory on disk with its series (the fingerprint must match):
	 * windows done are replayed from their searches' files, so the result equals an uninterrupted run's.
	 *
	 * @throws IllegalStateException when it is running or complete
	 * @throws IOException           naming the file when its checkpoint cannot be read or the bars differ
	 */
	default WalkForwardHandle resumeWalkForward(Path directory, OhlcvSeries series) throws IOException {
		return resumeWalkForward(directory, series, Placement.LOCAL);
	}

	/** As {@link #resumeWalkForward(Path, OhlcvSeries)}, its points evaluated where {@code placement} says. @since 1.4 */
	WalkForwardHandle resumeWalkForward(Path directory, OhlcvSeries series, Placement placement) throws IOException;

	/**
	 * The overfitting checks of a finished search or sweep (by id): the Deflated Sharpe Ratio of its best
	 * evaluation given the number of trials, and the Probability of Backtest Overfitting by combinatorially
	 * symmetric cross-validation on the per-bar returns of its valid evaluations (the best
	 * {@value #MAX_PBO_TRIALS} by objective, each backtested again for its equity curve). A sweep's trials are
	 * the combinations in its results file.
	 *
	 * @throws IllegalArgumentException for an unknown id, or fewer than two valid evaluations
	 * @throws IllegalStateException    while it runs
	 * @throws java.util.concurrent.CancellationException when the emergency stop halts the checks' backtests
	 */
	OverfitReport overfit(String id);

	/**
	 * The objective of a search's evaluations so far over two of its parameters, the others best-of.
	 *
	 * @throws IllegalArgumentException for an unknown search or parameter
	 */
	default Heatmap heatmap(String searchId, String x, String y) {
		return heatmap(searchId, x, y, true);
	}

	/**
	 * The objective of a search's evaluations so far over every grid value of two of its parameters (cells
	 * no evaluation reached are marked not evaluated), the others best-of or fixed at the best's values.
	 *
	 * @throws IllegalArgumentException for an unknown search or parameter
	 */
	Heatmap heatmap(String searchId, String x, String y, boolean bestOf);

	/** The most trials a PBO takes from a search. */
	int MAX_PBO_TRIALS = 200;

	/** Cancels a search or walk-forward by id; false when unknown or already ended. */
	boolean cancel(String id);

	/** Where search and walk-forward directories are created. */
	Path searchesDirectory();
}
