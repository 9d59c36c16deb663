package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.run.RunHandle;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunState;
import io.backstop.strategies.workspace.StrategyWorkspace;

/**
 * A workspace strategy whose loop never returns, backtested from the Run view, is abandoned at the
 * workspace's configured run time budget and the run fails with one line saying so, instead of
 * spinning on a core forever.
 */
class WorkspaceStrategyBudgetUiIT {

	private static final String PID = "io.backstop.strategies.workspace";
	private static final String BUDGET = "run.budget.seconds";
	private static final String NAME = "UiSpinner";
	private static final String ID = "ui_spinner";

	@Test
	void aBacktestOfAStrategyThatNeverReturnsFailsAtTheConfiguredBudget() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ServiceTracker<StrategyWorkspace, StrategyWorkspace> workspaces = new ServiceTracker<>(ui.bundleContext,
					StrategyWorkspace.class, null);
			workspaces.open();
			StrategyWorkspace workspace = workspaces.waitForService(20_000);
			assertNotNull(workspace, "the workspace strategies service");
			Configuration configuration = ui.configurationAdmin().getConfiguration(PID, "?");
			try {
				configuration.update(new Hashtable<>(Map.of(BUDGET, 1L)));
				// the component publishes its configuration with its service once it has applied it
				ui.await(() -> {
					ServiceReference<StrategyWorkspace> reference = workspaces.getServiceReference();
					return reference != null && Long.valueOf(1).equals(reference.getProperty(BUDGET));
				}, Duration.ofSeconds(10), "the budget of 1 s applied");
				String spinning = workspace.template(NAME).replace("out.entry(i, cross(fast, slow, i));",
						"while (fast.length > 0) { i = i + 0; } out.entry(i, cross(fast, slow, i));");
				assertTrue(workspace.add(NAME, spinning).registered(), "the spinning strategy compiles");

				ui.runs.openSample();
				RunPart run = ui.part(RunPart.class, "Run", 380, 900);
				ui.await(() -> run.strategyItems().stream().anyMatch(i -> i.endsWith("(" + ID + ")")), Duration.ofSeconds(10),
						"the Run view offers it");
				run.selectStrategy(ui.runs.strategy(ID));
				long start = System.nanoTime();
				RunHandle backtest = run.run();
				assertNotNull(backtest, run.statusText());
				RunOutcome outcome = backtest.completion().get(30, TimeUnit.SECONDS);
				double seconds = (System.nanoTime() - start) / 1e9;
				assertEquals(RunState.FAILED, outcome.state());
				String line = "strategy " + ID + " ran past its time budget of 1.0 s and was abandoned";
				assertEquals(line, outcome.message());
				assertTrue(seconds >= 1 && seconds < 10, "ended at its budget: " + seconds + " s");
				ui.await(() -> run.statusText().contains(line), Duration.ofSeconds(5), "the Run view says so");
				assertTrue(run.statusShowsProblem(), "in red");
			} finally {
				configuration.delete();
				if (workspace.list().stream().anyMatch(s -> s.name().equals(NAME))) {
					workspace.remove(NAME);
				}
				workspaces.close();
			}
		}
	}
}
