package io.backstop.optimise;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A snapshot of a search.
 *
 * @param state          where it stands
 * @param evaluations    evaluations done (earlier runs of a resumed search included)
 * @param budget         the budget
 * @param spaceSize      points in the grid
 * @param best           the best valid evaluation so far; null when none
 * @param message        why it ended ("budget of 200 evaluations used", "no better objective in 50
 *                       evaluations"); empty while running
 * @param resultsFile    every evaluation, one CSV line each, in order
 * @param checkpointFile what resume reads
 */
public record SearchStatus(SearchState state, int evaluations, int budget, long spaceSize, Evaluation best,
		String message, Path resultsFile, Path checkpointFile) {

	public SearchStatus {
		Objects.requireNonNull(state, "state");
		message = message == null ? "" : message;
	}
}
