package io.backstop.run;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param doneByMember  units the current run did on each cluster member, by address, in the order
 *                      to show; empty when it runs on this member only (since 1.5)
 */
public record RunProgress(RunState state, long done, long total, String unit, double ratePerSecond, Duration eta,
		String metric, double bestObjective, Map<String, Long> doneByMember) {

	public RunProgress {
		Objects.requireNonNull(state, "state");
		Objects.requireNonNull(unit, "unit");
		doneByMember = Collections.unmodifiableMap(new LinkedHashMap<>(doneByMember));
	}

	/** Progress of a run on this member only. */
	public RunProgress(RunState state, long done, long total, String unit, double ratePerSecond, Duration eta,
			String metric, double bestObjective) {
		this(state, done, total, unit, ratePerSecond, eta, metric, bestObjective, Map.of());
	}

	/** Share done, 0..1; 0 when the total is unknown. */
	public double fraction() {
		return total <= 0 ? 0 : Math.min(1, (double) done / total);
	}

	/**
	 * One line for people: {@code 12,400 of 40,000 combos · 38,000 combos/s · ETA 49 s · best sharpe 3.91};
	 * the rate and ETA only while running, the best only once there is one; then, for a run spread
	 * over a cluster, each member's share: {@code · 127.0.0.1:5701 1,234 · 127.0.0.1:5702 987}.
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
		doneByMember.forEach((member, count) -> s.append(" · ").append(member).append(' ').append(Formats.count(count)));
		return s.toString();
	}
}
