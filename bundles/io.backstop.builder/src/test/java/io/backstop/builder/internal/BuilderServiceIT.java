package io.backstop.builder.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildPhase;
import io.backstop.builder.BuildRequest;
import io.backstop.builder.BuildSession;
import io.backstop.builder.BuilderService;
import io.backstop.builder.IterationOutcome;
import io.backstop.builder.Promotion;
import io.backstop.builder.SessionState;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;
import io.backstop.strategies.workspace.StrategyState;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;

/**
 * The builder inside Equinox, wired by DS to the real Ollama client (against a loopback server that
 * plays a scripted model), the workspace's sandbox compiler, the run service and the emergency stop
 * coordinator, on the bundled BTCUSDT 5m sample.
 */
class BuilderServiceIT {

	private static final String OLLAMA_URL_PROPERTY = "backstop.ollama.url";

	private final BundleContext context = FrameworkUtil.getBundle(BuilderServiceIT.class).getBundleContext();
	private ScriptedOllama model;
	private BuilderService builder;
	private EmergencyStop emergencyStop;
	private RunService runs;
	private StrategyWorkspace workspace;

	@BeforeEach
	void wire() throws Exception {
		model = new ScriptedOllama();
		System.setProperty(OLLAMA_URL_PROPERTY, model.baseUri());
		builder = waitFor(BuilderService.class);
		emergencyStop = waitFor(EmergencyStop.class);
		runs = waitFor(RunService.class);
		workspace = waitFor(StrategyWorkspace.class);
		emergencyStop.reset();
		runs.openSample();
	}

	@AfterEach
	void cleanUp() throws Exception {
		builder.haltAll("test over");
		for (WorkspaceStrategy s : workspace.list()) {
			workspace.remove(s.name());
		}
		emergencyStop.reset();
		model.close();
		System.clearProperty(OLLAMA_URL_PROPERTY);
	}

	private <T> T waitFor(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(20_000);
		assertNotNull(found, type.getSimpleName() + " was not registered");
		return found;
	}

	private static BuildRequest request(int iterations, int fixes, int sweep, Duration runBudget) {
		return BuildRequest.of("a trend follower for BTC 5m that avoids chop").withModel("scripted")
				.withIterations(iterations).withMetric(RunObjective.maximise("sharpe")).withLimits(fixes, sweep, runBudget);
	}

	private static BuildSession ended(BuildSession session) throws Exception {
		return session.completion().get(90, TimeUnit.SECONDS);
	}

	@Test
	void aSessionFixesCompileErrorsSurvivesFailuresAndPromotesItsBestIntoTheWorkspace() throws Exception {
		model.writes(ScriptedOllama.syntaxError(), ScriptedOllama.good(12), // 1: fixed on the next turn
				ScriptedOllama.throwing(), // 2: throws at bar 501
				ScriptedOllama.fileAccess(), ScriptedOllama.fileAccess(), // 3: refused twice
				ScriptedOllama.spinning(), // 4: never returns
				ScriptedOllama.good(6)); // 5
		BuildSession session = builder.start(request(5, 1, 4, Duration.ofSeconds(3)));
		assertEquals(SessionState.COMPLETED, ended(session).state(), session.message());

		List<BuildIteration> its = session.iterations();
		assertEquals(List.of(IterationOutcome.TESTED, IterationOutcome.FAILED, IterationOutcome.FAILED,
				IterationOutcome.FAILED, IterationOutcome.TESTED), its.stream().map(BuildIteration::outcome).toList(),
				its.toString());
		Path dir = session.directory();
		String class1 = its.get(0).className();
		assertEquals(1, its.get(0).fixes());
		String fixPrompt = Files.readString(dir.resolve("01/fix-1.prompt.md"));
		assertTrue(fixPrompt.contains(class1 + ".java:") && fixPrompt.contains("';' expected"), fixPrompt);
		assertEquals(5, its.get(0).runs(), "the default backtest and a sweep of 4");
		assertTrue(its.get(0).figures().get("trades") > 0, its.get(0).figures().toString());
		assertEquals("EMA trend, take 1", its.get(0).idea());
		assertEquals("trades the trend, loses in chop; next: add an ADX filter", its.get(0).analysis());
		for (String file : List.of("propose.prompt.md", "propose.reply.md", "code.prompt.md", "code.reply.md",
				"fix-1.reply.md", class1 + ".java", "compile.log", "runs.csv", "analysis.reply.md", "result.json")) {
			assertTrue(Files.isRegularFile(dir.resolve("01").resolve(file)), "01/" + file);
		}
		assertTrue(Files.readString(dir.resolve("01/compile.log")).contains("compile 2: compiled"));

		String class2 = its.get(1).className();
		assertTrue(its.get(1).reason().startsWith("throws: strategy " + class2.toLowerCase(Locale.ROOT) + " failed at "
				+ class2 + ".java:"), its.get(1).reason());
		assertTrue(its.get(1).reason().endsWith(": IllegalStateException: bar 501"), its.get(1).reason());

		String class3 = its.get(2).className();
		assertTrue(its.get(2).reason().startsWith("does not compile after 1 fix: " + class3 + ".java: line "),
				its.get(2).reason());
		assertTrue(its.get(2).reason().endsWith(": uses java.io.File (file access is not allowed in strategies)"),
				its.get(2).reason());
		assertFalse(Files.exists(Path.of(ScriptedOllama.FORBIDDEN_DIRECTORY)), "nothing of it ran");

		assertEquals("ran past its time budget of 3.0 s and was abandoned", its.get(3).reason());

		List<String> proposals = model.userMessages().stream().filter(m -> m.startsWith("Propose")).toList();
		assertEquals(5, proposals.size());
		assertTrue(proposals.get(4).contains("02 failed: EMA trend, take 2 -- throws: strategy"), proposals.get(4));
		assertTrue(proposals.get(4).contains("01 tested: EMA trend, take 1 -- sharpe "), proposals.get(4));

		BuildIteration best = session.best().orElseThrow();
		Promotion promotion = builder.promote(session.id(), 0, "EmaTrend");
		WorkspaceStrategy promoted = promotion.strategy();
		assertEquals(StrategyState.COMPILED, promoted.state(), promoted.problems().toString());
		assertEquals(best.number(), promotion.iteration());
		// the promoted strategy's defaults are the best tested combination's values
		Map<String, Double> defaults = new LinkedHashMap<>();
		runs.strategy("ema_trend").parameters().forEach(p -> defaults.put(p.name(), p.defaultValue()));
		assertEquals(best.parameters(), defaults, promotion.defaults());
		assertTrue(Files.readString(dir.resolve(String.format(Locale.ROOT, "%02d/promote.log", best.number())))
				.contains("promoted as EmaTrend: " + promotion.defaults()));
		assertEquals("ema_trend", promoted.strategyId().orElseThrow());
		assertEquals(workspace.directory().resolve("EmaTrend.java"), promoted.file());
		assertTrue(Files.readString(promoted.file()).contains("public class EmaTrend extends RulesStrategy"));
		assertTrue(Files.readString(best.source()).contains("public class " + best.className()), "the session's copy stays");

		RunHandle backtest = runs.start(RunRequest.builder(RunKind.BACKTEST, "ema_trend").build());
		RunOutcome outcome = backtest.completion().get(60, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, outcome.state(), outcome.message());
		assertTrue(outcome.rows().get(0).figures().get("trade_count") > 0, outcome.rows().get(0).figures().toString());

		// a session found on disk reads as it was left
		BuildSession reread = new SessionRunner(SessionFiles.readSession(dir), dir, SessionFiles.readIterations(dir), null);
		assertEquals(session.iterations(), reread.iterations());
		assertEquals(SessionState.COMPLETED, reread.state());
	}

	@Test
	void aStopInEachPhaseHaltsTheSessionWhichThenResumes() throws Exception {
		model.slowProposals(1).writes(ScriptedOllama.bulky(), ScriptedOllama.spinning(), ScriptedOllama.good(12));
		BuildSession session = builder.start(request(1, 0, 2, Duration.ofSeconds(60)));

		double streaming = stopWhen(session, () -> session.phase() == BuildPhase.PROPOSING && model.chatsInFlight() > 0,
				"while proposing iteration 1");
		BuildSession compiling = builder.resume(session.id(), 0);
		double compile = stopWhen(compiling, () -> compiling.phase() == BuildPhase.COMPILING, "while compiling iteration 1");
		BuildSession backtesting = builder.resume(session.id(), 0);
		double backtest = stopWhen(backtesting, () -> backtesting.phase() == BuildPhase.BACKTESTING,
				"while backtesting iteration 1");
		System.out.printf(Locale.ROOT, "builder halt latency: streaming %.1f ms, compiling %.1f ms, backtesting a loop that"
				+ " never returns %.1f ms%n", streaming, compile, backtest);

		BuildSession last = builder.resume(session.id(), 0);
		assertEquals(SessionState.COMPLETED, ended(last).state(), last.message());
		assertEquals(IterationOutcome.TESTED, last.iterations().get(0).outcome(), last.iterations().toString());
		Path dir = last.directory();
		for (String aside : List.of("01-halted", "01-halted-2", "01-halted-3")) {
			assertTrue(Files.isDirectory(dir.resolve(aside)), aside + " keeps what the halted attempt did");
		}
		assertTrue(Files.readString(dir.resolve("01-halted-3/result.json")).contains("while backtesting iteration 1"));
		assertTrue(model.disconnects() >= 1, "the streaming reply was aborted");
	}

	/**
	 * Waits for {@code reached}, runs the emergency stop and checks that it halted the session where
	 * expected; returns the milliseconds from the stop request to the session's end.
	 */
	private double stopWhen(BuildSession session, BooleanSupplier reached, String where) throws Exception {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!reached.getAsBoolean()) {
			assertFalse(session.state().isFinished(), "it ended before the stop: " + session.message());
			assertTrue(System.nanoTime() < deadline, "never reached: " + session.progress());
			Thread.sleep(1);
		}
		long t0 = System.nanoTime();
		StopReport report = emergencyStop.requestStop(StopRequest.of("test", "BuilderServiceIT")).get(30,
				TimeUnit.SECONDS);
		BuildSession ended = ended(session);
		double millis = (((SessionRunner) session).haltMillis());
		assertEquals(SessionState.STOPPED, ended.state(), ended.message());
		assertTrue(ended.message().startsWith("halted " + where + ": emergency stop"), ended.message());
		StepReport step = report.steps().stream().filter(s -> s.id().equals(BuilderService.STEP_ID)).findFirst()
				.orElseThrow();
		assertEquals(StepStatus.CLEANED, step.status(), step.detail());
		assertTrue(millis >= 0 && (System.nanoTime() - t0) / 1e6 >= millis, "measured from the request");
		emergencyStop.reset();
		return millis;
	}
}
