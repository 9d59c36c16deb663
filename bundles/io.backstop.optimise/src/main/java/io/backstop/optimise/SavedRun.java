package io.backstop.optimise;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A search or walk-forward as its checkpoint on disk describes it: enough to find the bars it ran on
 * and resume it after a restart.
 *
 * @param id            its id (its directory's name)
 * @param walkForward   true for a walk-forward analysis, false for a search
 * @param directory     its directory
 * @param state         the state last written (RUNNING when the process ended without writing another)
 * @param strategyId    the strategy searched
 * @param seriesName    the name of the series it ran on
 * @param seriesSource  where that series was read from
 * @param bars          the bars it ran on
 * @param firstTime     the first of those bars' times (epoch milliseconds)
 * @param lastTime      the last of those bars' times
 * @param fingerprint   the bars' fingerprint, which the series given to resume must have
 */
public record SavedRun(String id, boolean walkForward, Path directory, SearchState state, String strategyId,
		String seriesName, String seriesSource, int bars, long firstTime, long lastTime, String fingerprint) {

	public SavedRun {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(directory, "directory");
		Objects.requireNonNull(state, "state");
	}
}
