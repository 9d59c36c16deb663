package io.backstop.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;

import io.backstop.backtest.Strategy;
import io.backstop.run.Formats;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.sweep.SweepMetrics;

/** Runs and their results as console text. */
final class WorkFormat {

	private WorkFormat() {
	}

	/**
	 * A strategy: its id and name, the bundle that contributed it, its rules, and its parameters with
	 * types, bounds, defaults and sweep ranges.
	 *
	 * @param contributor the bundle that registered it, empty when unknown
	 */
	static String strategy(Strategy strategy, java.util.Optional<String> contributor) {
		StringBuilder out = new StringBuilder();
		out.append(strategy.id()).append(" - ").append(strategy.displayName()).append('\n');
		contributor.ifPresent(bundle -> out.append("  from bundle ").append(bundle).append('\n'));
		if (!strategy.description().isBlank()) {
			out.append("  ").append(strategy.description().strip().replaceAll("\\s+", " ")).append('\n');
		}
		TextTable table = TextTable.of("parameter", "type", ">default", ">min", ">max", "default sweep", ">values",
				"description");
		for (io.backstop.backtest.ParameterSpec p : strategy.parameters()) {
			table.row(p.name(), p.type().name().toLowerCase(java.util.Locale.ROOT), p.format(p.defaultValue()),
					p.format(p.min()), p.format(p.max()),
					p.format(p.sweepStart()) + ":" + p.format(p.sweepStop()) + ":" + p.format(p.sweepStep()),
					p.sweepValues().length, p.description());
		}
		for (String line : table.render().split("\n")) {
			out.append("  ").append(line).append('\n');
		}
		if (!strategy.constraints().isEmpty()) {
			out.append("  constraints: ").append(io.backstop.backtest.ParameterConstraint.describe(strategy.constraints()))
					.append(" (sweeps and searches run only the combinations that keep them)\n");
		}
		return out.toString();
	}

	/** {@code sweep ID: RUNNING 12,400 of 40,000 combos · 38,000 combos/s · ETA 49 s · best sharpe 3.91}. */
	static String line(RunHandle run) {
		return run.kind().label().toLowerCase(java.util.Locale.ROOT) + " " + run.id() + ": "
				+ run.progress().state() + " " + run.progress().describe();
	}

	/** What a run started with, one line: strategy, data, settings. */
	static String started(RunHandle run) {
		return run.origin() + " (" + run.id() + "): " + run.request().strategyId() + " on " + run.seriesName() + "\n"
				+ "settings: " + Formats.settings(run.request().settings()) + "\n";
	}

	/** The last lines of a run: how it ended, its settings, where its files are, its best row. */
	static String finished(RunHandle run, RunOutcome outcome) {
		StringBuilder text = new StringBuilder(run.kind().label().toLowerCase(java.util.Locale.ROOT)).append(' ')
				.append(run.id()).append(": ").append(outcome.state()).append(' ').append(outcome.progress().describe())
				.append(" in ").append(Formats.duration(outcome.elapsed()));
		if (!outcome.message().isBlank() && run.kind() != RunKind.BACKTEST) {
			text.append(" (").append(outcome.message().strip().replace('\n', ' ')).append(')');
		}
		if (run.resultsFile() != null) {
			text.append(run.kind() == RunKind.LLM ? "; log: " : "; results: ").append(run.resultsFile());
		}
		text.append('\n');
		text.append("  settings: ").append(Formats.settings(run.request().settings())).append('\n');
		best(run, outcome).ifPresent(row -> text.append("  best: ").append(row.parameters()).append(" -> ")
				.append(run.request().objective().metric()).append(' ')
				.append(Formats.number(row.figure(run.request().objective().metric()))).append('\n'));
		if (outcome.resumable()) {
			text.append("  resumable from ").append(outcome.location()).append('\n');
		}
		return text.toString();
	}

	private static Optional<ResultRow> best(RunHandle run, RunOutcome outcome) {
		if (run.kind() == RunKind.BACKTEST || outcome.rows().isEmpty()) {
			return Optional.empty();
		}
		// a ruined row ranks below every other, whatever its objective, as the runs rank them
		String metric = run.request().objective().metric();
		Comparator<ResultRow> byObjective = Comparator.comparingDouble(r -> r.figure(metric));
		Comparator<ResultRow> best = Comparator.comparing((ResultRow r) -> !SweepMetrics.ruined(r.figures()))
				.thenComparing(run.request().objective().maximise() ? byObjective : byObjective.reversed());
		return outcome.rows().stream().filter(r -> Double.isFinite(r.figure(metric))).max(best);
	}

	/** A backtest's outcome: what ran with which settings, how it ended, and its figures. */
	static String backtest(RunHandle run, RunOutcome outcome, int seriesBars) {
		StringBuilder out = new StringBuilder();
		out.append(run.request().strategyId()).append(" on ").append(run.seriesName()).append(": ")
				.append(outcome.rows().isEmpty() ? outcome.state().label() : outcome.rows().get(0).status()).append(", ")
				.append(Formats.count(outcome.progress().done())).append(" of ").append(Formats.count(seriesBars))
				.append(" bars in ").append(Formats.duration(outcome.elapsed())).append('\n');
		if (outcome.rows().isEmpty()) {
			return out.append(outcome.message()).append('\n').toString();
		}
		ResultRow row = outcome.rows().get(0);
		out.append("parameters: ").append(row.parameters()).append('\n');
		out.append("settings: ").append(Formats.settings(row.settings())).append('\n');
		TextTable table = TextTable.of("metric", ">value");
		table.row("final equity", Formats.money(row.finalEquity()));
		table.row("total return", Formats.percent(row.totalReturn()));
		table.row("cagr", Formats.percent(row.figure("cagr")));
		table.row("sharpe", Formats.number(row.sharpe()));
		table.row("sortino", Formats.number(row.figure("sortino")));
		table.row("calmar", Formats.number(row.figure("calmar")));
		table.row("max drawdown", Formats.percent(row.maxDrawdown()));
		table.row("volatility", Formats.percent(row.figure("volatility")));
		table.row("trades", Formats.number(row.trades()));
		table.row("win rate", Formats.percent(row.winRate()));
		table.row("profit factor", Formats.number(row.profitFactor()));
		table.row("expectancy", Formats.money(row.figure("expectancy")));
		if (row.result() != null) {
			for (Map.Entry<String, Double> extra : row.result().extras().entrySet()) {
				table.row(extra.getKey(), Formats.number(extra.getValue()));
			}
		}
		out.append(table.render());
		return out.toString();
	}

	static String age(Instant since) {
		return since == null ? "-" : Formats.millis(Math.max(0, Duration.between(since, Instant.now()).toMillis()));
	}
}
