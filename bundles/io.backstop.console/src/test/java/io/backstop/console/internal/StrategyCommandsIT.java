package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.backstop.data.OhlcvCsv;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunService;
import io.backstop.run.RunState;
import io.backstop.strategies.workspace.StrategyWorkspace;

/**
 * A user's strategy end to end from the console, headless, over the real workspace compiler, run
 * service, sweep engine and emergency stop: written from the template, compiled, backtested, swept,
 * stopped mid-sweep with its rows kept, then broken at a known line and compiled again.
 */
class StrategyCommandsIT {

	private static final String NAME = "E2eCross";
	private static final String ID = "e2e_cross";

	@TempDir
	Path dir;

	private final TestSession session = new TestSession();
	private StrategyCommands strategies;
	private BackstopCommands backstop;
	private WorkCommands work;
	private EstopCommands estop;
	private EmergencyStop emergencyStop;
	private RunService runs;
	private StrategyWorkspace workspace;

	@BeforeEach
	void wire() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(StrategyCommandsIT.class).getBundleContext();
		emergencyStop = BackstopCommandsIT.waitFor(context, EmergencyStop.class);
		emergencyStop.reset();
		strategies = BackstopCommandsIT.waitFor(context, StrategyCommands.class);
		backstop = BackstopCommandsIT.waitFor(context, BackstopCommands.class);
		work = BackstopCommandsIT.waitFor(context, WorkCommands.class);
		estop = BackstopCommandsIT.waitFor(context, EstopCommands.class);
		runs = BackstopCommandsIT.waitFor(context, RunService.class);
		workspace = BackstopCommandsIT.waitFor(context, StrategyWorkspace.class);
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (RunHandle run : runs.runs()) {
			run.cancel();
			run.completion().get(20, TimeUnit.SECONDS);
		}
		emergencyStop.reset();
		if (Files.exists(workspace.directory().resolve(NAME + ".java"))) {
			workspace.remove(NAME);
		}
	}

	@Test
	void newCompileBacktestSweepStopThenAnErrorAtAKnownLine() throws Exception {
		Path csv = dir.resolve("long.csv");
		OhlcvCsv.write(SyntheticSeries.generate(5, 300_000), csv);
		backstop.load(session, csv.toString());
		session.take();

		strategies.strategy(session, "new", NAME);
		Path file = workspace.directory().resolve(NAME + ".java");
		assertEquals("Created " + file + "\n" + NAME + ": compiled as strategy " + ID + "; backstop:backtest " + ID
				+ " runs it\n", session.take());

		strategies.strategy(session, "list");
		List<String> listed = session.take().lines().toList();
		assertEquals(List.of("name      state     strategy   first problem", NAME + "  compiled  " + ID), listed);

		backstop.strategies(session, ID);
		assertTrue(session.take().contains("io.backstop.strategies.workspace"), "backstop:strategies names its bundle");

		backstop.backtest(session, ID, "fast_period=8", "slow_period=40");
		String backtest = session.take();
		assertTrue(backtest.startsWith(ID + " on long: completed, 300,000 of 300,000 bars in "), backtest);
		assertTrue(backtest.lines().anyMatch(l -> l.matches("trades +[1-9][0-9,]*")), backtest);

		// 11,800 combinations on 300,000 bars: the stop finds it part way, and the list sees it in use
		work.sweep(session, ID, "fast_period=2:60:1", "slow_period=61:260:1", "stop_loss_pct=0", "--workers", "2",
				"--quiet");
		String started = session.take();
		assertTrue(started.startsWith("Sweep "), started);
		RunHandle sweep = runs.runs().stream()
				.filter(r -> r.request().kind() == RunKind.SWEEP && r.request().strategyId().equals(ID)).findFirst().orElseThrow();
		awaitTrue(() -> sweep.progress().done() > 0, "the sweep's first combinations");
		awaitTrue(() -> {
			strategies.strategy(session, "list");
			return session.take().lines().anyMatch(l -> l.startsWith(NAME + "  in use  "));
		}, "the list shows the strategy in use");

		estop.estop(session);
		String report = session.take();
		assertTrue(report.contains("sweep.halt"), report);
		RunOutcome halted = sweep.completion().get(10, TimeUnit.SECONDS);
		assertEquals(RunState.STOPPED, halted.state(), halted.message());
		assertTrue(halted.progress().done() > 0 && halted.progress().done() < halted.progress().total(),
				halted.progress().describe());
		assertFalse(halted.rows().isEmpty(), "the best combinations so far are kept");
		for (ResultRow row : halted.rows()) {
			assertEquals(ID, row.strategyId());
			assertEquals("stopped (partial)", row.status());
		}
		System.out.printf("StrategyCommandsIT: %s at %s%n", halted.message(), halted.progress().describe());
		// the sweep's watch prints its end on the console after the stop
		StringBuilder printed = new StringBuilder(report);
		awaitTrue(() -> printed.append(session.take()).toString().contains(" STOPPED "), "the console's line of the stopped sweep");
		emergencyStop.reset();

		List<String> lines = new ArrayList<>(Files.readAllLines(file));
		int broken = lines.indexOf(lines.stream().filter(l -> l.contains("double stopPct")).findFirst().orElseThrow()) + 1;
		lines.set(broken - 1, lines.get(broken - 1).replace(";", ""));
		Files.write(file, lines);
		strategies.strategy(session, "compile", NAME);
		List<String> errors = session.take().lines().toList();
		assertTrue(errors.get(0).startsWith(file + ":" + broken + ":"), errors.toString());
		assertTrue(errors.get(0).endsWith(": ';' expected"), errors.toString());
		assertEquals(NAME + ": 1 error; not registered", errors.get(errors.size() - 1));
		backstop.backtest(session, ID);
		assertTrue(session.take().startsWith("backstop:backtest: unknown strategy " + ID), "withdrawn with its errors");

		strategies.strategy(session, "compile", file.toString());
		assertTrue(session.take().startsWith(file + ":" + broken + ":"), "by its file too");
		strategies.strategy(session, "remove", NAME);
		assertEquals("Removed " + NAME + " and its file\n", session.take());
		assertFalse(Files.exists(file));
	}

	@Test
	void badInputGetsOneLineAndTheUsage() {
		for (String[] args : List.of(new String[0], new String[] { "build" }, new String[] { "new" },
				new String[] { "new", "no-good" }, new String[] { "compile", "Absent" }, new String[] { "list", "x" })) {
			strategies.strategy(session, args);
			List<String> lines = session.take().lines().toList();
			assertEquals(2, lines.size(), lines.toString());
			assertTrue(lines.get(0).startsWith("backstop:strategy: "), lines.get(0));
			assertEquals("usage: " + StrategyCommands.STRATEGY_USAGE, lines.get(1));
		}
		strategies.strategy(session, "new", "no-good");
		assertEquals("backstop:strategy: strategy name 'no-good' is not a Java class name: use a letter, then letters,"
				+ " digits or underscores", session.take().lines().findFirst().orElseThrow());
	}

	private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("timed out waiting for " + what);
			}
			Thread.sleep(20);
		}
	}
}
