package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.service.event.Event;

import io.backstop.estop.api.StopEvents;

class EstopCommandsTest {

	private final TestSession session = new TestSession();
	private final TestEmergencyStop stop = new TestEmergencyStop();
	private final EstopCommands commands = new EstopCommands();

	@BeforeEach
	void wire() {
		commands.emergencyStop = stop;
		stop.step("sweep.halt", "Halt running sweeps", 100, TestEmergencyStop.cleaned("halted 2 sweeps; partial results saved", 0))
				.step("llm.unload", "Unload LLM models", 200, TestEmergencyStop.failed("connection refused"))
				.step("indicators.cache", "Clear the indicator cache", 300, TestEmergencyStop.cleaned("12 entries", 48L << 20))
				.step("gpu.release", "Free GPU memory", 400, TestEmergencyStop.skipped("no CUDA device"));
	}

	@Test
	void estopPrintsEveryStepInOrderInAlignedColumnsThenTheSummary() {
		commands.estop(session);
		String out = session.take();
		List<String> lines = out.lines().toList();
		assertTrue(lines.get(0).startsWith("Emergency stop 01234567 at 2026-11-26 13:30:00 UTC by console (console estop): 4 steps in 42 ms"),
				out);
		String header = lines.get(1);
		assertTrue(header.matches("order +step +status +duration +released +detail"), header);
		List<String> rows = lines.subList(2, 6);
		List<String> ids = rows.stream().map(r -> r.trim().split(" +")[1]).toList();
		assertEquals(List.of("sweep.halt", "llm.unload", "indicators.cache", "gpu.release"), ids);
		// every column starts where its header starts (left-aligned) or ends where it ends (right-aligned)
		int step = header.indexOf("step");
		int status = header.indexOf("status");
		int durationEnd = header.indexOf("duration") + "duration".length();
		int releasedEnd = header.indexOf("released") + "released".length();
		int detail = header.indexOf("detail");
		for (String row : rows) {
			assertEquals(' ', row.charAt(step - 1), row);
			assertTrue(Character.isLetter(row.charAt(step)), row);
			assertTrue(Character.isUpperCase(row.charAt(status)) && row.charAt(status - 1) == ' ', row);
			assertTrue(row.charAt(durationEnd - 1) == 's' && row.charAt(durationEnd) == ' ', row);
			assertTrue(row.charAt(releasedEnd) == ' ', row);
			assertTrue(row.charAt(detail - 1) == ' ' && row.charAt(detail) != ' ', row);
		}
		assertTrue(rows.get(0).matches(" +100 +sweep\\.halt +CLEANED +3 ms +- +halted 2 sweeps; partial results saved"), rows.get(0));
		assertTrue(rows.get(1).matches(" +200 +llm\\.unload +FAILED +6 ms +- +IllegalStateException: connection refused"), rows.get(1));
		assertTrue(rows.get(2).matches(" +300 +indicators\\.cache +CLEANED +9 ms +48\\.0 MB +12 entries"), rows.get(2));
		assertTrue(rows.get(3).matches(" +400 +gpu\\.release +SKIPPED +12 ms +- +no CUDA device"), rows.get(3));
		assertEquals("Stop complete: 2 components cleaned, 1 skipped, 1 errors; RAM freed 412 MB; VRAM freed 0 MB", lines.get(6));
		assertEquals(7, lines.size(), out);
		assertFalse(out.lines().anyMatch(l -> l.endsWith(" ")), "no trailing spaces:\n" + out);
		assertEquals("console", stop.requests.get(0).requestedBy());
		assertFalse(stop.requests.get(0).clearDiskCache());
	}

	@Test
	void stepsProgressIsPrintedLiveWhileTheStopRunsAndNotAfter() {
		Event progress = new Event(StopEvents.STEP_PROGRESS, Map.of(StopEvents.STEP, stop.planned.get(0),
				StopEvents.PROGRESS, "sweep s-1 halted: 5 of 10 combinations saved"));
		stop.duringStop = () -> commands.handleEvent(progress);
		commands.estop(session);
		List<String> lines = session.take().lines().toList();
		assertEquals("> sweep.halt: sweep s-1 halted: 5 of 10 combinations saved", lines.get(0));
		assertTrue(lines.get(1).startsWith("Emergency stop 01234567"), lines.toString());

		commands.handleEvent(progress);
		assertEquals("", session.take(), "no progress once the stop's report is printed");
		commands.estop(session, "--json");
		String json = session.take();
		assertTrue(json.startsWith("{"), "JSON alone with --json:\n" + json);
	}

	@Test
	void estopOptionsReachTheRequestAndJsonIsTheReportsJson() {
		commands.estop(session, "--clear-disk-cache", "--reason", "out of memory", "--json");
		String out = session.take();
		assertTrue(stop.requests.get(0).clearDiskCache());
		assertEquals("out of memory", stop.requests.get(0).reason());
		assertEquals(stop.toJson(stop.history.get(0)) + "\n", out, "the coordinator's JSON of the report");
	}

	@Test
	void withNoStoppableTheStopSaysSo() {
		stop.planned.clear();
		stop.results.clear();
		commands.estop(session);
		String out = session.take();
		assertTrue(out.contains("no steps ran: no Stoppable is registered"), out);
		assertTrue(out.contains("Stop complete: 0 components cleaned"), out);
		commands.list(session);
		assertTrue(session.take().startsWith("no Stoppable is registered"));
	}

	@Test
	void listShowsThePlanInOrderWithBundleAndDeadline() {
		commands.list(session);
		List<String> lines = session.take().lines().toList();
		assertTrue(lines.get(0).matches("order +step +label +bundle +deadline"), lines.get(0));
		assertTrue(lines.get(1).matches(" +100 +sweep\\.halt +Halt running sweeps +io\\.backstop\\.test +5\\.0 s"), lines.get(1));
		assertTrue(lines.get(4).matches(" +400 +gpu\\.release +Free GPU memory +io\\.backstop\\.test +5\\.0 s"), lines.get(4));
		assertEquals("4 steps; steps of the same order run in parallel", lines.get(5));
	}

	@Test
	void statusHistoryAndReset() {
		commands.status(session);
		String before = session.take();
		assertTrue(before.contains("signal: lowered") && before.contains("last stop: none"), before);

		commands.estop(session);
		session.take();
		commands.status(session);
		String after = session.take();
		assertTrue(after.contains("signal: RAISED"), after);
		assertTrue(after.contains("last stop: Emergency stop 01234567"), after);
		assertTrue(after.contains("Stop complete: 2 components cleaned"), after);

		commands.estop(session, "--reason", "second");
		session.take();
		commands.history(session, "1");
		List<String> one = session.take().lines().toList();
		assertEquals(2, one.size(), one.toString());
		assertTrue(one.get(1).contains("console") && one.get(1).contains("Stop complete"), one.get(1));
		commands.history(session);
		assertEquals(3, session.take().lines().count());
		commands.history(session, "--json", "5");
		assertEquals(stop.toJson(stop.history) + "\n", session.take(), "the coordinator's JSON of both reports");

		commands.reset(session);
		assertEquals("Stop signal lowered: new work is accepted\n", session.take());
		assertFalse(stop.raised);
		commands.reset(session);
		assertEquals("Stop signal was not raised: new work is accepted\n", session.take());
	}

	@Test
	void resetWhileAStopRunsKeepsTheSignal() {
		stop.raised = true;
		stop.stopping = true;
		commands.reset(session);
		String out = session.take();
		assertTrue(out.startsWith("estop:reset: a stop is still running; the signal stays raised\nhint: "), out);
		assertEquals(0, stop.resets);
		assertTrue(stop.raised);
	}

	@Test
	void helpPrintsTheUsageAndRunsNothing() {
		commands.estop(session, "--help");
		assertEquals("usage: " + EstopCommands.ESTOP_USAGE + "\n", session.take());
		commands.history(session, "-h");
		assertEquals("usage: " + EstopCommands.HISTORY_USAGE + "\n", session.take());
		assertTrue(stop.requests.isEmpty());
	}

	@Test
	void historyBeforeAnyStop() {
		commands.history(session);
		assertEquals("no emergency stop yet\n", session.take());
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = {
			"estop|--bogus|estop: unknown option --bogus",
			"estop|now|estop: unexpected argument 'now'",
			"estop|--reason|estop: option --reason needs a value",
			"estop|--json --json|estop: option --json given twice",
			"estop|--json=yes|estop: option --json takes no value",
			"estop|-x|estop: unknown option -x",
			"list|all|estop:list: unexpected argument 'all'",
			"list|--json|estop:list: unknown option --json",
			"status|now|estop:status: unexpected argument 'now'",
			"history|0|estop:history: N must be between 1 and 1000, got 0",
			"history|-3|estop:history: N must be between 1 and 1000, got -3",
			"history|1001|estop:history: N must be between 1 and 1000, got 1001",
			"history|ten|estop:history: N: 'ten' is not a whole number",
			"history|1 2|estop:history: unexpected argument '2'",
			"history|--all|estop:history: unknown option --all",
			"reset|--force|estop:reset: unknown option --force", })
	void badArgumentsGiveOneLineAndTheUsage(String function, String arguments, String error) {
		String[] args = arguments.split(" ");
		switch (function) {
		case "estop" -> commands.estop(session, args);
		case "list" -> commands.list(session, args);
		case "status" -> commands.status(session, args);
		case "history" -> commands.history(session, args);
		case "reset" -> commands.reset(session, args);
		default -> throw new IllegalArgumentException(function);
		}
		String out = session.take();
		List<String> lines = out.lines().toList();
		assertEquals(2, lines.size(), out);
		assertEquals(error, lines.get(0));
		Matcher usage = Pattern.compile("usage: (estop|estop:" + function + ")\\b.*").matcher(lines.get(1));
		assertTrue(usage.matches(), lines.get(1));
		assertTrue(stop.requests.isEmpty(), "no stop requested on bad arguments: " + Arrays.toString(args));
	}
}
