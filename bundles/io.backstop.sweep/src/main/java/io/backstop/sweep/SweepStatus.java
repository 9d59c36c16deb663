package io.backstop.sweep;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of a sweep.
 *
 * @param id              the sweep's id (also its directory name)
 * @param strategyId      the strategy swept
 * @param state           where it stands
 * @param combosDone      combinations computed and written to the results file (earlier runs of a
 *                        resumed sweep included)
 * @param combosTotal     combinations in the grid
 * @param combosPerSecond rate of the current run (0 until measurable)
 * @param eta             estimated time to completion; null when unknown or finished
 * @param barsEvaluated   bars simulated by the current run (a cancelled combination's bars included)
 * @param workers         worker threads of the current run
 * @param best            the best combination so far, or null
 * @param topK            the best combinations so far, best first (at most the spec's top-K)
 * @param resultsFile     the CSV file every computed combination is appended to
 * @param checkpointFile  where the set of computed combinations is saved
 * @param startedAt       when the current run started
 * @param finishedAt      when it finished, or null while running
 * @param message         why it failed or was halted, and how many combinations gave no figures
 *                        (refused or failed by the strategy) with the first one's reason; else empty
 */
public record SweepStatus(String id, String strategyId, SweepState state, long combosDone, long combosTotal,
		double combosPerSecond, Duration eta, long barsEvaluated, int workers, SweepResult best,
		List<SweepResult> topK, Path resultsFile, Path checkpointFile, Instant startedAt, Instant finishedAt,
		String message) {

	public SweepStatus {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(state, "state");
		topK = List.copyOf(topK);
		message = message == null ? "" : message;
	}

	/** Share done, 0..1. */
	public double fraction() {
		return combosTotal == 0 ? 1 : (double) combosDone / combosTotal;
	}

	/** {@code 1,234 / 270,000 combos (0.5%), 812 combos/s, ETA 5m 30s, RUNNING}. */
	public String summary() {
		StringBuilder s = new StringBuilder();
		s.append(String.format("%,d / %,d combos (%.1f%%), %,.0f combos/s", combosDone, combosTotal, 100 * fraction(),
				combosPerSecond));
		if (eta != null) {
			s.append(", ETA ").append(eta.toSeconds() >= 60 ? eta.toMinutes() + "m " + eta.toSecondsPart() + "s"
					: eta.toMillis() / 1000.0 + "s");
		}
		s.append(", ").append(state);
		if (best != null) {
			s.append(", best ").append(best);
		}
		return s.toString();
	}
}
