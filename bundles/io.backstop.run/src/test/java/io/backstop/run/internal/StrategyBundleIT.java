package io.backstop.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopRequest;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;

/**
 * A strategy bundle comes and goes in the running framework: the example strategies' jar, as the
 * build made it, is installed, swept with through the run service, halted by the emergency stop,
 * and uninstalled while a second sweep uses its strategy, without a restart.
 */
class StrategyBundleIT {

	/** Where the build put the example strategies' jar (set by this bundle's pom). */
	private static final String EXAMPLES_JAR_PROPERTY = "backstop.examples.jar";
	private static final String KELTNER = "keltner_breakout";

	@TempDir
	Path dir;

	private final BundleContext context = FrameworkUtil.getBundle(StrategyBundleIT.class).getBundleContext();
	private EmergencyStop emergencyStop;
	private RunService service;
	private Bundle examples;

	@BeforeEach
	void wire() throws Exception {
		emergencyStop = RunServiceIT.waitFor(context, EmergencyStop.class);
		service = RunServiceIT.waitFor(context, RunService.class);
		emergencyStop.reset();
		service.clearResults();
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (RunHandle run : service.runs()) {
			run.cancel();
			run.completion().get(20, TimeUnit.SECONDS);
		}
		emergencyStop.reset();
		if (examples != null && examples.getState() != Bundle.UNINSTALLED) {
			examples.uninstall();
		}
	}

	private Bundle installExamples() throws Exception {
		String jar = System.getProperty(EXAMPLES_JAR_PROPERTY);
		assertNotNull(jar, EXAMPLES_JAR_PROPERTY + " is not set");
		Path path = Path.of(jar);
		assertTrue(Files.isRegularFile(path), "no example strategies jar at " + path + "; build that bundle first");
		Bundle installed = context.installBundle(path.toUri().toString());
		installed.start();
		return installed;
	}

	/** 7,680 combinations on 300,000 bars: long enough to be halted part way. */
	private static RunRequest keltnerSweep() {
		return RunRequest.builder(RunKind.SWEEP, KELTNER).parameter("ema_period", "10:200:2")
				.parameter("atr_period", "5:20:5").parameter("atr_k", "0.5:5:0.5").parameter("stop_loss_pct", "0,2")
				.objective(RunObjective.maximise("sharpe")).workers(2).topK(5).build();
	}

	@Test
	void anInstalledStrategyBundleSweepsStopsAndLeavesWithoutARestart() throws Exception {
		Path csv = dir.resolve("long.csv");
		OhlcvCsv.write(SyntheticSeries.generate(7, 300_000), csv);
		service.open(csv);
		assertFalse(service.strategies().stream().anyMatch(s -> s.id().equals(KELTNER)), "not there before the install");

		examples = installExamples();
		RunServiceIT.awaitTrue(() -> service.strategies().stream().anyMatch(s -> s.id().equals(KELTNER)), "keltner_breakout offered");
		Strategy keltner = service.strategy(KELTNER);
		assertEquals("Keltner breakout", keltner.displayName());
		String contributor = service.contributor(keltner).orElseThrow();
		assertTrue(contributor.startsWith("io.backstop.strategies.examples 0.1.0."), contributor);

		// the emergency stop halts a sweep on the installed strategy, rows kept
		RunHandle stopped = service.start(keltnerSweep());
		RunServiceIT.awaitTrue(() -> stopped.progress().done() > 0, "the first combinations of the sweep");
		emergencyStop.requestStop(StopRequest.of("test", "StrategyBundleIT")).get(30, TimeUnit.SECONDS);
		RunOutcome halted = stopped.completion().get(10, TimeUnit.SECONDS);
		assertEquals(RunState.STOPPED, halted.state(), halted.message());
		assertPartial(halted, "stopped (partial)");
		emergencyStop.reset();

		// uninstalling the bundle halts the sweep using its strategy, rows kept
		RunHandle withdrawn = service.start(keltnerSweep());
		RunServiceIT.awaitTrue(() -> withdrawn.progress().done() > 0, "the first combinations of the second sweep");
		examples.uninstall();
		RunOutcome left = withdrawn.completion().get(10, TimeUnit.SECONDS);
		System.out.printf("StrategyBundleIT: %s%n", left.message());
		assertEquals(RunState.CANCELLED, left.state(), left.message());
		assertTrue(left.message().startsWith("halted: strategy keltner_breakout was withdrawn while the sweep ran"),
				left.message());
		assertPartial(left, "cancelled (partial)");
		assertTrue(left.resumable());
		assertFalse(service.strategies().stream().anyMatch(s -> s.id().equals(KELTNER)), "gone with its bundle");
		String unknown = assertThrows(IllegalArgumentException.class, () -> service.start(keltnerSweep())).getMessage();
		assertTrue(unknown.contains("unknown strategy keltner_breakout"), unknown);

		// the framework carries on: the built-ins still run, and the bundle comes back without a restart
		RunRequest builtIn = RunRequest.builder(RunKind.BACKTEST, "sma_crossover").build();
		assertEquals(RunState.COMPLETED, service.start(builtIn).completion().get(60, TimeUnit.SECONDS).state());
		examples = installExamples();
		RunServiceIT.awaitTrue(() -> service.strategies().stream().anyMatch(s -> s.id().equals(KELTNER)), "keltner_breakout back");
		RunOutcome again = service.start(RunRequest.builder(RunKind.BACKTEST, KELTNER).build()).completion()
				.get(60, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, again.state(), again.message());
	}

	private static void assertPartial(RunOutcome outcome, String status) {
		assertTrue(outcome.progress().done() > 0 && outcome.progress().done() < outcome.progress().total(),
				outcome.progress().describe());
		assertFalse(outcome.rows().isEmpty(), "the best combinations so far are kept");
		for (ResultRow row : outcome.rows()) {
			assertEquals(KELTNER, row.strategyId());
			assertEquals(status, row.status());
		}
	}
}
