package io.backstop.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentRun;
import io.backstop.llm.IterationRecord;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepResult;
import io.backstop.sweep.SweepStatus;

/** Sweeps and LLM runs as console lines. */
final class WorkFormat {

	private WorkFormat() {
	}

	/** {@code 1,234 / 5,000 combos (24.7%), 812 combos/s, ETA 0m 05s}. */
	static String sweepProgress(SweepStatus s) {
		StringBuilder text = new StringBuilder();
		text.append(Units.count(s.combosDone())).append(" / ").append(Units.count(s.combosTotal())).append(" combos (")
				.append(String.format(Locale.ROOT, "%.1f%%", 100 * s.fraction())).append(')');
		if (!s.state().isFinished()) {
			text.append(", ").append(String.format(Locale.ROOT, "%,.0f combos/s", s.combosPerSecond()));
			if (s.eta() != null) {
				text.append(", ETA ").append(Units.millis(s.eta().toMillis()));
			}
		}
		return text.toString();
	}

	/** {@code sweep ID: RUNNING 1,234 / 5,000 combos (24.7%), 812 combos/s, ETA 5.00 s}. */
	static String sweepLine(String id, SweepStatus s) {
		return "sweep " + id + ": " + s.state() + " " + sweepProgress(s);
	}

	/** The last line of a sweep, with how long it ran and where its results are, then its best combination. */
	static String sweepFinished(SweepHandle handle, SweepStatus s) {
		StringBuilder text = new StringBuilder(sweepLine(handle.id(), s));
		if (s.startedAt() != null && s.finishedAt() != null) {
			text.append(" in ").append(Units.millis(Duration.between(s.startedAt(), s.finishedAt()).toMillis()));
		}
		if (!s.message().isBlank()) {
			text.append(" (").append(s.message().strip()).append(')');
		}
		text.append("; results: ").append(s.resultsFile() != null ? s.resultsFile() : handle.directory());
		text.append('\n');
		SweepResult best = s.best();
		if (best != null) {
			text.append("  best ").append(best).append('\n');
		}
		if (s.state().isResumable()) {
			text.append("  resumable from ").append(handle.directory()).append('\n');
		}
		return text.toString();
	}

	/** {@code llm ID: RUNNING iteration 3/10, sharpe 1.21 (best 1.40)}. */
	static String agentLine(AgentRun run) {
		return "llm " + run.id() + ": " + run.state() + " " + run.progress();
	}

	/** The last line of an LLM run: how it ended, its best iteration and its log. */
	static String agentFinished(AgentRun run, AgentResult result) {
		StringBuilder text = new StringBuilder("llm ").append(run.id()).append(": ").append(result.state()).append(' ')
				.append(result.iterations()).append(result.iterations() == 1 ? " iteration" : " iterations");
		if (result.reason() != null && !result.reason().isBlank()) {
			text.append(" (").append(oneLine(result.reason())).append(')');
		}
		text.append("; log: ").append(result.logFile()).append('\n');
		IterationRecord best = result.best();
		if (best != null) {
			text.append("  best iteration ").append(best.iteration()).append(": ").append(best.parameters()).append(" -> ")
					.append(run.spec().objective().metric()).append(' ').append(Units.number(best.objectiveValue()))
					.append('\n');
		}
		return text.toString();
	}

	static String age(Instant since) {
		return since == null ? "-" : Units.millis(Math.max(0, Duration.between(since, Instant.now()).toMillis()));
	}

	private static String oneLine(String text) {
		return text.strip().replace("\r\n", " ").replace('\n', ' ');
	}
}
