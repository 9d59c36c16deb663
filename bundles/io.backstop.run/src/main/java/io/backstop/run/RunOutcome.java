package io.backstop.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a run ended.
 *
 * @param state     COMPLETED, CANCELLED, STOPPED or FAILED
 * @param message   one line: why it ended that way ("budget of 10 iterations used up", "ruined at
 *                  2025-05-03 14:05", the failure); empty when there is nothing to add
 * @param progress  the last progress
 * @param elapsed   how long the run took
 * @param rows      the result rows it added, in order
 * @param location  a sweep's directory, an LLM run's log file; null for a backtest
 * @param resumable true when {@link RunService#resume(String, io.backstop.backtest.RunSettings)}
 *                  can continue it
 */
public record RunOutcome(RunState state, String message, RunProgress progress, Duration elapsed, List<ResultRow> rows,
		Path location, boolean resumable) {

	public RunOutcome {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(progress, "progress");
		Objects.requireNonNull(elapsed, "elapsed");
		message = message == null ? "" : message;
		rows = List.copyOf(rows);
	}
}
