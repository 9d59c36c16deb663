package io.backstop.strategies.workspace.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.SyntheticSeries;
import io.backstop.strategies.workspace.CompileProblem;
import io.backstop.strategies.workspace.StrategyState;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;

/**
 * The workspace strategies in the running framework: compiled against the API bundles as this
 * runtime installed them, registered as strategy services the registry offers, replaced on
 * recompile, withdrawn on errors and removal, and compiled again when the bundle starts.
 */
class WorkspaceStrategiesIT {

	private StrategyWorkspace workspace;
	private StrategyRegistry registry;

	@BeforeEach
	void wire() throws Exception {
		workspace = waitFor(StrategyWorkspace.class);
		registry = waitFor(StrategyRegistry.class);
		assertEquals(java.util.Optional.empty(), workspace.compilerMissing(), "the tests run on a JDK");
	}

	@AfterEach
	void removeAll() throws Exception {
		workspace = waitFor(StrategyWorkspace.class);
		for (WorkspaceStrategy s : workspace.list()) {
			workspace.remove(s.name());
		}
	}

	/** From this bundle's context now: the bundle restarts in a test. */
	private static <T> T waitFor(Class<T> type) throws InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(WorkspaceStrategiesIT.class).getBundleContext();
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(20_000);
		assertNotNull(found, type.getSimpleName() + " was not registered");
		return found;
	}

	@Test
	void aNewStrategyIsRegisteredReplacedOnRecompileWithdrawnOnErrorsAndRemoved() throws Exception {
		WorkspaceStrategy created = workspace.create("ItCross");
		assertEquals(StrategyState.COMPILED, created.state(), created.problems().toString());
		assertEquals(workspace.directory().resolve("ItCross.java"), created.file());
		Strategy first = registry.get("it_cross");
		assertTrue(registry.contributor(first).orElseThrow().startsWith("io.backstop.strategies.workspace "));
		BacktestResult result = first.run(SyntheticSeries.generate(3, 5_000), first.defaults(), RunSettings.defaults(),
				CancellationToken.NONE);
		assertTrue(result.trades().size() > 5, "the template trades");

		AtomicBoolean firstWithdrawn = new AtomicBoolean();
		registry.whenWithdrawn(first, () -> firstWithdrawn.set(true));
		assertEquals(StrategyState.COMPILED, workspace.compile("ItCross").state());
		Strategy second = registry.get("it_cross");
		assertNotSame(first, second);
		assertTrue(firstWithdrawn.get(), "the old version left the registry");
		assertEquals(StrategyState.COMPILED, workspace.compile(created.file().toString()).state(), "by its file too");

		String source = Files.readString(created.file());
		Files.writeString(created.file(), source.replace("double stopPct = p.getDouble(\"stop_loss_pct\");",
				"double stopPct = p.getDouble(\"stop_loss_pct\")"));
		long line = source.lines().takeWhile(l -> !l.contains("double stopPct")).count() + 1;
		WorkspaceStrategy broken = workspace.compile("ItCross");
		assertEquals(StrategyState.ERRORS, broken.state());
		CompileProblem problem = broken.problems().get(0);
		assertTrue(problem.toString().startsWith(created.file() + ":" + line + ":"), problem.toString());
		assertFalse(registry.find("it_cross").isPresent(), "a strategy with errors is not offered");
		assertEquals(List.of(broken), workspace.list());

		workspace.remove("ItCross");
		assertFalse(Files.exists(created.file()));
		assertEquals(List.of(), workspace.list());
	}

	@Test
	void badInputGetsOneLineNamingIt() {
		assertEquals("strategy name 'my-cross' is not a Java class name: use a letter, then letters, digits or underscores",
				assertThrows(IllegalArgumentException.class, () -> workspace.create("my-cross")).getMessage());
		assertEquals("no strategy file " + workspace.directory().resolve("Nowhere.java"),
				assertThrows(IllegalArgumentException.class, () -> workspace.compile("Nowhere")).getMessage());
		assertEquals("/tmp/Elsewhere.java is not in " + workspace.directory() + ", where strategies are compiled from",
				assertThrows(IllegalArgumentException.class, () -> workspace.compile("/tmp/Elsewhere.java")).getMessage());
		assertEquals("no strategy Nowhere in " + workspace.directory(),
				assertThrows(IllegalArgumentException.class, () -> workspace.remove("Nowhere")).getMessage());
		workspace.create("Twice");
		assertEquals("strategy Twice exists already: " + workspace.directory().resolve("Twice.java"),
				assertThrows(IllegalArgumentException.class, () -> workspace.create("Twice")).getMessage());
	}

	@Test
	void anIdTakenByABuiltInIsRefused() throws Exception {
		Path file = workspace.create("Clash").file();
		Files.writeString(file, Files.readString(file).replace("\"clash\"", "\"sma_crossover\""));
		WorkspaceStrategy clash = workspace.compile("Clash");
		assertEquals(StrategyState.ERRORS, clash.state());
		String problem = clash.problems().get(0).toString();
		assertTrue(problem.startsWith(file + ": strategy id sma_crossover is taken by io.backstop.backtest "), problem);
		assertEquals("SMA crossover", registry.get("sma_crossover").displayName());
	}

	@Test
	void theWorkspaceIsCompiledWhenTheBundleStarts() throws Exception {
		Path file = workspace.create("AtStart").file();
		Bundle bundle = FrameworkUtil.getBundle(StrategyWorkspace.class);
		// this test lives in the bundle it restarts
		bundle.stop();
		assertFalse(registry.find("at_start").isPresent(), "withdrawn with its bundle");
		assertTrue(Files.exists(file), "the source stays");
		bundle.start();
		workspace = waitFor(StrategyWorkspace.class);
		WorkspaceStrategy listed = workspace.list().get(0);
		assertEquals(StrategyState.COMPILED, listed.state(), listed.problems().toString());
		assertTrue(registry.find("at_start").isPresent());
	}
}
