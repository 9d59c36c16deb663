package io.backstop.run;

import java.time.Duration;
import java.util.Objects;

/**
 * A snapshot of a run's progress.
 *
 * @param state         where the run stands
 * @param done          units done (a resumed sweep counts its earlier runs' combinations)
 * @param total         units in all; 0 when unknown
 * @param unit          what is counted, plural: "bars", "combos", "iterations"
 * @param ratePerSecond units per second of the current run; 0 until measurable
 * @param eta           estimated time left; null when unknown or finished
 * @param metric        the objective's metric; null for a backtest
 * @param bestObjective the best objective value so far; NaN when none
 */
public record RunProgress(RunState state, long done, long total, String unit, double ratePerSecond, Duration eta,
		String metric, double bestObjective) {

	public RunProgress {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(unit, "unit");
	}

	/** Share done, 0..1; 0 when the total is unknown. */
	public double fraction() {
		return total <= 0 ? 0 : Math.min(1, (double) done / total);
	}

	/**
	 * One line for people: {@code 12,400 of 40,000 combos · 38,000 combos/s · ETA 49 s · best sharpe 3.91};
	 * the rate and ETA only while running, the best only once there is one.
	 */
	public String describe() {
		StringBuilder s = new StringBuilder();
		s.append(Formats.count(done));
		if (total > 0) {
			s.append(" of ").append(Formats.count(total));
		}
		s.append(' ').append(unit);
		if (!state.isFinished()) {
			if (ratePerSecond > 0) {
				s.append(" · ").append(Formats.rate(ratePerSecond, unit));
			}
			if (eta != null) {
				s.append(" · ETA ").append(Formats.duration(eta));
			}
		}
		if (metric != null && Double.isFinite(bestObjective)) {
			s.append(" · best ").append(metric).append(' ').append(Formats.number(bestObjective));
		}
		return s.toString();
	}
}
