package io.backstop.console.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import io.backstop.cluster.Cluster;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.run.Formats;

/** Emergency stop reports and plans as console text. */
final class StopReportFormat {

	/** To the microsecond: the two phases are often under a millisecond apart. */
	private static final DateTimeFormatter PRECISE_TIME = DateTimeFormatter
			.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

	private StopReportFormat() {
	}

	/**
	 * The report as a table, one row per step in the order the steps ran, between a header line
	 * with the stop's two phases and the report's {@link StopReport#summary() summary}.
	 */
	static String table(StopReport report) {
		StringBuilder out = new StringBuilder();
		out.append(heading(report)).append('\n');
		String phases = phases(report);
		if (!phases.isEmpty()) {
			out.append(phases).append('\n');
		}
		if (report.steps().isEmpty()) {
			out.append("no steps ran: no Stoppable is registered\n");
		} else {
			TextTable table = TextTable.of(">order", "step", "status", ">duration", ">released", "detail");
			for (StepReport step : report.steps()) {
				table.row(step.order(), step.id(), step.status(), Formats.millis(step.durationMillis()),
						released(step.bytesReleased()), detail(step));
			}
			out.append(table.render());
		}
		clusterSection(report, out);
		out.append(report.summary()).append('\n');
		return out.toString();
	}

	/** The other members' stops, a line each, when the stop reached a cluster. */
	private static void clusterSection(StopReport report, StringBuilder out) {
		for (StepReport step : report.steps()) {
			if (step.id().equals(Cluster.REPORT_STEP_ID) && !step.result().componentsCleaned().isEmpty()) {
				out.append("cluster members:\n");
				step.result().componentsCleaned().forEach(member -> out.append("  ").append(member).append('\n'));
			}
		}
	}

	/** {@code Emergency stop 1f2e3d4c at 2026-11-26 13:30:00 UTC by console (reason): 6 steps in 123 ms}. */
	static String heading(StopReport report) {
		StringBuilder s = new StringBuilder("Emergency stop ").append(shortId(report.id())).append(" at ")
				.append(Formats.time(report.timestamp()));
		if (report.request() != null) {
			s.append(" by ").append(report.request().requestedBy());
			if (!report.request().reason().isBlank()) {
				s.append(" (").append(report.request().reason()).append(')');
			}
		}
		s.append(": ").append(report.steps().size()).append(report.steps().size() == 1 ? " step" : " steps")
				.append(" in ").append(Formats.millis(report.durationMillis()));
		return s.toString();
	}

	/**
	 * {@code new work blocked  2026-11-26 13:30:00.000150 UTC (+0.2 ms)} and {@code last work halted}
	 * likewise, one line each; empty for a report that did not record them.
	 */
	static String phases(StopReport report) {
		if (report.workBlockedAt() == null || report.workHaltedAt() == null) {
			return "";
		}
		return "new work blocked  " + PRECISE_TIME.format(report.workBlockedAt()) + " (+"
				+ StopReport.millis(report.workBlockedAfter()) + ")\nlast work halted  "
				+ PRECISE_TIME.format(report.workHaltedAt()) + " (+" + StopReport.millis(report.workHaltedAfter()) + ")";
	}

	/** The step's detail; for a failed or abandoned step its error too when the detail does not already say it. */
	static String detail(StepReport step) {
		String detail = step.detail() == null ? "" : step.detail();
		String error = step.result().error();
		if (step.status().isProblem() && error != null
				&& !detail.contains(error)) {
			return detail.isEmpty() ? error : detail + " (" + error + ")";
		}
		return detail;
	}

	/** The steps the next stop would run, in order, with their bundle and deadline. */
	static String plan(List<PlannedStep> steps) {
		if (steps.isEmpty()) {
			return "no Stoppable is registered: a stop would only raise the signal and measure memory\n";
		}
		TextTable table = TextTable.of(">order", "step", "label", "bundle", ">deadline");
		for (PlannedStep step : steps) {
			table.row(step.order(), step.id(), step.label(), step.bundle(), Formats.millis(step.timeoutMillis()));
		}
		return table.render() + steps.size() + (steps.size() == 1 ? " step" : " steps")
				+ "; steps of the same order run in parallel\n";
	}

	/** One line per report, newest first. */
	static String history(List<StopReport> reports) {
		if (reports.isEmpty()) {
			return "no emergency stop yet\n";
		}
		TextTable table = TextTable.of("id", "time", "by", ">steps", ">duration", "summary");
		for (StopReport report : reports) {
			table.row(shortId(report.id()), Formats.time(report.timestamp()),
					report.request() == null ? "?" : report.request().requestedBy(), report.steps().size(),
					Formats.millis(report.durationMillis()), report.summary());
		}
		return table.render();
	}

	static String shortId(String id) {
		return id.length() > 8 ? id.substring(0, 8) : id;
	}

	/** A step's release: {@code -} when it reported none. */
	private static String released(long bytes) {
		return bytes == 0 ? "-" : Formats.bytes(bytes);
	}
}
