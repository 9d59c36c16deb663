package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.StopRequest;

/**
 * The emergency stop on the console: {@code estop} runs it, prints what steps report while they
 * run (from EventAdmin) and then the report,
 * {@code estop:list} shows what it would run, {@code estop:status}, {@code estop:history} and
 * {@code estop:reset}.
 */
@Component(service = { EstopCommands.class, EventHandler.class }, property = { "osgi.command.scope=estop",
		"osgi.command.function=estop", "osgi.command.function=list", "osgi.command.function=status",
		"osgi.command.function=history", "osgi.command.function=reset",
		EventConstants.EVENT_TOPIC + "=" + StopEvents.STEP_PROGRESS })
public class EstopCommands implements EventHandler {

	static final String ESTOP_USAGE = "estop [--json] [--clear-disk-cache] [--reason TEXT]";
	static final String LIST_USAGE = "estop:list";
	static final String STATUS_USAGE = "estop:status";
	static final String HISTORY_USAGE = "estop:history [N] [--json]   (N: 1 to 1000, default 10)";
	static final String RESET_USAGE = "estop:reset";

	/** How long {@code estop} waits for the report; every step has its own, shorter deadline. */
	static final long REPORT_WAIT_SECONDS = 120;

	@Reference
	EmergencyStop emergencyStop;

	/** Where the steps' progress goes while {@code estop} waits for its report; null otherwise. */
	private PrintStream live;
	private final Object liveLock = new Object();

	@Descriptor("run the emergency stop: halt all work, release memory, print what each step did")
	public void estop(CommandSession session,
			@Descriptor("--json (print the report as JSON), --clear-disk-cache (also delete on-disk caches), --reason TEXT") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "estop", ESTOP_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--json", "--clear-disk-cache"), Set.of("--reason")).atMost(0);
			String reason = a.value("--reason").map(String::strip).orElse("console estop");
			StopReport report;
			setLive(a.has("--json") ? null : out);
			try {
				CompletableFuture<StopReport> stop = emergencyStop
						.requestStop(new StopRequest(reason, "console", a.has("--clear-disk-cache")));
				report = stop.get(REPORT_WAIT_SECONDS, TimeUnit.SECONDS);
			} catch (TimeoutException e) {
				CommandRunner.error(out, "estop", "the stop is still running after " + REPORT_WAIT_SECONDS + " s",
						"hint: estop:status shows when it completes, estop:history prints its report");
				return;
			} finally {
				setLive(null);
			}
			out.print(a.has("--json") ? emergencyStop.toJson(report) + "\n" : StopReportFormat.table(report));
		});
	}

	@Descriptor("list the emergency stop's steps in the order they would run, with bundle and deadline")
	public void list(CommandSession session, String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "estop:list", LIST_USAGE, args, () -> {
			Arguments.parse(args, Set.of(), Set.of()).atMost(0);
			out.print(StopReportFormat.plan(emergencyStop.plannedSteps()));
		});
	}

	@Descriptor("show whether the stop signal is raised and the last stop")
	public void status(CommandSession session, String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "estop:status", STATUS_USAGE, args, () -> {
			Arguments.parse(args, Set.of(), Set.of()).atMost(0);
			out.print(statusText(emergencyStop.signal().isRaised(), emergencyStop.isStopping(),
					emergencyStop.lastReport()));
		});
	}

	@Descriptor("print the last N stop reports, newest first")
	public void history(CommandSession session, @Descriptor("[N] [--json]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "estop:history", HISTORY_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--json"), Set.of()).atMost(1);
			int n = a.positionals().isEmpty() ? 10 : Arguments.parseInt("N", a.positionals().get(0), 1, 1000);
			List<StopReport> reports = emergencyStop.history(n);
			out.print(a.has("--json") ? emergencyStop.toJson(reports) + "\n" : StopReportFormat.history(reports));
		});
	}

	@Descriptor("lower the stop signal so new work is accepted again")
	public void reset(CommandSession session, String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "estop:reset", RESET_USAGE, args, () -> {
			Arguments.parse(args, Set.of(), Set.of()).atMost(0);
			if (emergencyStop.isStopping()) {
				CommandRunner.error(out, "estop:reset", "a stop is still running; the signal stays raised",
						"hint: run estop:reset again when estop:status says the stop is complete");
				return;
			}
			boolean wasRaised = emergencyStop.signal().isRaised();
			emergencyStop.reset();
			out.println(wasRaised ? "Stop signal lowered: new work is accepted"
					: "Stop signal was not raised: new work is accepted");
		});
	}

	/** A step's progress line, printed as it comes while {@code estop} waits: {@code > sweep.halt: ...}. */
	@Override
	public void handleEvent(Event event) {
		Object step = event.getProperty(StopEvents.STEP);
		Object progress = event.getProperty(StopEvents.PROGRESS);
		if (progress == null) {
			return;
		}
		String id = step instanceof PlannedStep planned ? planned.id() : "step";
		synchronized (liveLock) {
			if (live != null) {
				live.println("> " + id + ": " + progress.toString().strip().replace('\n', ' '));
				live.flush();
			}
		}
	}

	private void setLive(PrintStream out) {
		synchronized (liveLock) {
			live = out;
		}
	}

	static String statusText(boolean raised, boolean stopping, Optional<StopReport> last) {
		StringBuilder s = new StringBuilder();
		s.append("signal: ").append(raised ? "RAISED (new work is refused; estop:reset lowers it)" : "lowered").append('\n');
		s.append("stop running: ").append(stopping ? "yes" : "no").append('\n');
		if (last.isPresent()) {
			s.append("last stop: ").append(StopReportFormat.heading(last.get())).append('\n');
			s.append("  ").append(last.get().summary()).append('\n');
		} else {
			s.append("last stop: none\n");
		}
		return s.toString();
	}
}
