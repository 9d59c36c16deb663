package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product started headless, driven through the OSGi console as a script would. */
class HeadlessProductTest {

	private static final List<String> BUNDLES = List.of("io.backstop.app", "io.backstop.backtest", "io.backstop.console",
			"io.backstop.data", "io.backstop.estop", "io.backstop.estop.api", "io.backstop.gpu", "io.backstop.indicators",
			"io.backstop.llm", "io.backstop.memory", "io.backstop.sweep");

	private static final Duration COMMAND = Duration.ofSeconds(30);

	@TempDir
	Path workspace;

	@Test
	void everyBackstopBundleIsActiveAndComponentsSatisfiedThenItExitsCleanly() throws Exception {
		try (RunningProduct product = RunningProduct.start("headless-smoke", workspace, "-application",
				"io.backstop.console.headless", "-Djava.awt.headless=true")) {
			product.awaitOutput(out -> out.contains("g! "), Duration.ofSeconds(90), "the console prompt");

			product.type("lb -s io.backstop");
			String bundles = product.awaitOutput(out -> BUNDLES.stream().allMatch(out::contains), Duration.ofSeconds(20),
					"every io.backstop bundle listed");
			for (String bundle : BUNDLES) {
				Matcher line = Pattern.compile("(?m)^\\s*\\d+\\|(\\w+)\\s*\\|\\s*\\d+\\|" + Pattern.quote(bundle) + " ")
						.matcher(bundles);
				assertTrue(line.find(), bundle + " listed by lb:\n" + bundles);
				assertEquals("Active", line.group(1), bundle + " state");
			}

			product.type("scr:list");
			String components = product.awaitOutput(out -> out.contains("EmergencyStopCoordinator"), Duration.ofSeconds(20),
					"the coordinator among the DS components");
			Matcher coordinator = Pattern.compile("EmergencyStopCoordinator in bundle.*\\R\\s*Id: \\d+, State:(\\w+)")
					.matcher(components);
			assertTrue(coordinator.find(), components);
			assertTrue(List.of("ACTIVE", "SATISFIED").contains(coordinator.group(1)), "coordinator " + coordinator.group(1));
			assertFalse(components.contains("State:UNSATISFIED"), "no component unsatisfied:\n" + components);

			product.type("close");
			product.type("y");
			assertEquals(0, product.awaitExit(Duration.ofSeconds(30)), "exit status after close");
		}
	}

	/** {@code printf 'estop\nclose\n' | ./backstop --headless}: the close is not confirmed, the end of input ends it. */
	@Test
	void aPipedScriptRunsTheStopAndEndsWithStatusZero() throws Exception {
		try (RunningProduct product = RunningProduct.startHeadless("headless-piped", workspace)) {
			product.pipe("estop", "close");
			int status = product.awaitExit(Duration.ofSeconds(90));
			String out = product.output();
			assertEquals(0, status, "exit status at the end of the piped script; output:\n" + out);
			assertTrue(out.contains("Emergency stop ") && out.contains("Stop complete: "), out);
			assertTrue(out.contains("end of console input, shutting down"), out);
			assertNoStackTrace(out);
		}
	}

	/**
	 * The stop lists every registered step in the order {@code estop:list} gives, in aligned
	 * columns, with the report's summary; the signal then refuses work until {@code estop:reset}.
	 * The console listens on no port.
	 */
	@Test
	void estopListsEveryStepInOrderAndResetAcceptsWorkAgain() throws Exception {
		try (RunningProduct product = RunningProduct.startHeadless("headless-estop", workspace)) {
			product.awaitOutput(out -> out.contains(RunningProduct.PROMPT), Duration.ofSeconds(90), "the console prompt");
			assertEquals(List.of(), product.listeningSockets(), "ports the headless product listens on");

			List<String> planned = ConsoleTables.rows(product.run("estop:list", COMMAND), "order", "step", "label",
					"bundle", "deadline").stream().map(row -> row.get(1)).toList();
			assertFalse(planned.isEmpty(), "estop:list lists the registered steps");

			assertTrue(product.run("backstop:load", COMMAND).startsWith("Loaded BTCUSDT_5m: 25,920 bars"));

			String report = product.run("estop", COMMAND);
			List<List<String>> rows = ConsoleTables.rows(report, "order", "step", "status", "duration", "released",
					"detail");
			assertEquals(planned, rows.stream().map(row -> row.get(1)).toList(), "steps in the planned order:\n" + report);
			int previous = Integer.MIN_VALUE;
			for (List<String> row : rows) {
				int order = Integer.parseInt(row.get(0));
				assertTrue(order >= previous, "orders ascend:\n" + report);
				previous = order;
				assertTrue(List.of("CLEANED", "SKIPPED", "FAILED", "TIMED_OUT").contains(row.get(2)), row.toString());
				assertTrue(row.get(3).matches("\\d+ ms|\\d+\\.\\d\\d s"), row.toString());
			}
			assertTrue(Pattern.compile("(?m)^Stop complete: new work blocked after [\\d.,]+ ms, last work halted after [\\d.,]+ ms; \\d+ components cleaned, \\d+ skipped, \\d+ errors; RAM freed \\d+ MB( \\(resident \\+\\d+ MB\\))?; VRAM freed -?\\d+ MB(; Ollama VRAM freed \\d+ MB)?$")
					.matcher(report).find(), report);

			assertTrue(product.run("estop:status", COMMAND).startsWith("signal: RAISED"));
			assertTrue(product.run("backstop:backtest sma_crossover", COMMAND)
					.startsWith("backstop:backtest: the backtest of sma_crossover refused: the emergency stop is active"));
			assertEquals("Stop signal lowered: new work is accepted\n", product.run("estop:reset", COMMAND));
			assertTrue(product.run("estop:status", COMMAND).startsWith("signal: lowered"));
			assertTrue(product.run("backstop:backtest sma_crossover fast_period=5", COMMAND)
					.startsWith("sma_crossover on BTCUSDT_5m: completed, 25,920 of 25,920 bars"));
			assertTrue(product.run("estop:history 1", COMMAND).contains("console"));

			assertEquals(List.of(), product.listeningSockets(), "ports the headless product listens on");
			product.endInput();
			assertEquals(0, product.awaitExit(Duration.ofSeconds(60)), "exit status at the end of input");
			assertNoStackTrace(product.output());
		}
	}

	/** Through the real Gogo shell, bad arguments give the command's one-line error and a usage or hint line. */
	@Test
	void badArgumentsGiveOneLineAndAUsageNeverAStackTrace() throws Exception {
		List<String[]> cases = List.of(
				new String[] { "estop --bogus", "estop: unknown option --bogus" },
				new String[] { "estop now", "estop: unexpected argument 'now'" },
				new String[] { "estop:list all", "estop:list: unexpected argument 'all'" },
				new String[] { "estop:status --json", "estop:status: unknown option --json" },
				new String[] { "estop:history many", "estop:history: N: 'many' is not a whole number" },
				new String[] { "estop:reset now", "estop:reset: unexpected argument 'now'" },
				new String[] { "backstop:strategies nope", "backstop:strategies: unknown strategy nope; known: " },
				new String[] { "backstop:load /no/such/bars.csv", "backstop:load: no such file: /no/such/bars.csv" },
				new String[] { "backstop:backtest", "backstop:backtest: no strategy given" },
				new String[] { "backstop:backtest sma_crossover", "backstop:backtest: data: none open" },
				new String[] { "backstop:load", "Loaded BTCUSDT_5m" },
				new String[] { "backstop:backtest nope", "backstop:backtest: unknown strategy nope; known: " },
				new String[] { "backstop:backtest sma_crossover fast=5", "backstop:backtest: unknown parameter fast for sma_crossover" },
				new String[] { "backstop:backtest sma_crossover fast_period=abc", "backstop:backtest: parameter fast_period: 'abc' is not a number" },
				new String[] { "backstop:backtest sma_crossover fast_period=1", "backstop:backtest: parameter fast_period = 1 is outside [2, 500]" },
				new String[] { "backstop:sweep", "backstop:sweep: no strategy given" },
				new String[] { "backstop:sweep nope", "backstop:sweep: unknown strategy nope; known: " },
				new String[] { "backstop:sweep bollinger_zscore bb_period=20:10:5", "backstop:sweep: parameter bb_period: range 20:10:5 ends below its start" },
				new String[] { "backstop:sweep bollinger_zscore entry_z=1,x", "backstop:sweep: parameter entry_z: 'x' is not a number" },
				new String[] { "backstop:sweep bollinger_zscore --objective profit", "backstop:sweep: objective: profit is not a metric of a sweep of bollinger_zscore" },
				new String[] { "backstop:sweep bollinger_zscore --workers -1", "backstop:sweep: --workers must be between 0 and 1024, got -1" },
				new String[] { "backstop:llm", "backstop:llm: no strategy given" },
				new String[] { "backstop:llm sma_crossover --iterations 0", "backstop:llm: --iterations must be between 1 and 1000, got 0" },
				new String[] { "backstop:llm sma_crossover --objective profit", "backstop:llm: objective: profit is not a metric of an LLM run of sma_crossover; one of " },
				new String[] { "backstop:jobs all", "backstop:jobs: unexpected argument 'all'" },
				new String[] { "backstop:cancel", "backstop:cancel: no id given" },
				new String[] { "backstop:cancel nope", "backstop:cancel: no run nope" });
		try (RunningProduct product = RunningProduct.startHeadless("headless-errors", workspace)) {
			product.awaitOutput(out -> out.contains(RunningProduct.PROMPT), Duration.ofSeconds(90), "the console prompt");
			product.awaitQuiet(Duration.ofSeconds(1), Duration.ofSeconds(60));
			for (String[] c : cases) {
				String out = product.run(c[0], COMMAND);
				assertTrue(out.startsWith(c[1]), c[0] + " printed:\n" + out);
				if (!c[1].startsWith("Loaded")) {
					List<String> lines = out.lines().toList();
					assertEquals(2, lines.size(), c[0] + " printed:\n" + out);
					assertTrue(lines.get(1).startsWith("usage: ") || lines.get(1).startsWith("hint: "), lines.get(1));
				}
			}
			assertEquals("usage: estop [--json] [--clear-disk-cache] [--reason TEXT]\n", product.run("estop --help", COMMAND));

			// an LLM run in the background ends (without Ollama: FAILED) with one last line, as a sweep does
			String started = product.run("backstop:llm sma_crossover --iterations 1 --every 0.2", COMMAND);
			Matcher run = Pattern.compile("LLM run (\\S+) started: maximise sharpe of sma_crossover on BTCUSDT_5m").matcher(started);
			assertTrue(run.find(), started);
			Pattern ended = Pattern.compile("llm " + Pattern.quote(run.group(1))
					+ ": (COMPLETED|CANCELLED|STOPPED|FAILED) \\d+ of \\d+ iterations");
			product.awaitOutput(out -> ended.matcher(out).find(), Duration.ofSeconds(60), "the LLM run's last line");
			String jobs = product.run("backstop:jobs --all", COMMAND);
			assertTrue(Pattern.compile("(?m)^" + Pattern.quote(run.group(1)) + " +llm +sma_crossover +[A-Z_]+ ").matcher(jobs).find(),
					jobs);

			product.endInput();
			assertEquals(0, product.awaitExit(Duration.ofSeconds(60)));
			assertNoStackTrace(product.output());
		}
	}

	static void assertNoStackTrace(String output) {
		assertFalse(Pattern.compile("(?m)^\\s+at [\\w.$]+\\(").matcher(output).find(), "a stack trace in:\n" + output);
		assertFalse(output.contains("Exception in thread"), output);
	}
}
