package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.Test;

import io.backstop.app.handlers.EmergencyStopHandler;
import io.backstop.app.model.ResultsTable;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StopReport;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunState;

/**
 * The scenario of the issue on real parts and real services: a sweep started from the Run
 * view, the emergency stop command, the Emergency Stop view's rows, the sweep halted with its
 * partial results in the Results view, and Reset re-enabling Run.
 */
class SweepEmergencyStopUiIT {

	private static final int STATUS = ResultsTable.index("Status");

	@Test
	void sweepFromRunViewIsHaltedByTheStopCommandAndResetReenablesRunning() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			RunPart run = ui.part(RunPart.class, "Run", 380, 700);
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			EmergencyStopPart stopView = ui.part(EmergencyStopPart.class, "Emergency Stop", 1100, 420);
			List<PlannedStep> planned = ui.emergencyStop.plannedSteps();
			assertTrue(planned.stream().anyMatch(s -> s.id().equals("sweep.halt")), "the sweep bundle's step: " + planned);

			// a grid of about 2.4 million combinations: far more than the seconds this test waits
			run.setKind(RunKind.SWEEP);
			run.setInput("bb_period", "10:1000:1");
			run.setInput("entry_z", "1:3:0.5");
			run.setInput("k_sl", "0.5:60:0.1");
			assertTrue(run.combinationsText().endsWith("combinations"), run.combinationsText());
			RunHandle sweep = run.run();
			assertNotNull(sweep, run.statusText());
			ui.await(() -> sweep.progress().done() > 0, Duration.ofSeconds(30), "the sweep to compute its first combinations");
			assertEquals(RunState.RUNNING, sweep.progress().state());

			// the view opens on the last stop of the history, if an earlier test left one
			StopReport earlier = stopView.shownReport();
			// what the toolbar button, the Run menu entry and Ctrl+F2 execute
			new EmergencyStopHandler().execute(ui.emergencyStop, null);

			ui.await(() -> stopView.shownReport() != null && stopView.shownReport() != earlier, Duration.ofSeconds(30),
					"this stop to finish");
			StopReport report = stopView.shownReport();
			List<String[]> rows = stopView.rows();
			assertEquals(report.steps().size(), rows.size(), "a row per step");
			for (int i = 0; i < rows.size(); i++) {
				assertEquals(report.steps().get(i).label(), rows.get(i)[1], "row " + i + " in the order the steps ran");
				assertEquals(report.steps().get(i).status().name(), rows.get(i)[2], "row " + i + " status");
				if (i > 0) {
					assertTrue(Integer.parseInt(rows.get(i - 1)[0]) <= Integer.parseInt(rows.get(i)[0]), "orders ascend");
				}
			}
			for (PlannedStep step : planned) {
				assertTrue(rows.stream().anyMatch(r -> r[1].equals(step.label())), "listed: " + step.label());
			}
			String haltLabel = planned.stream().filter(s -> s.id().equals("sweep.halt")).findFirst().orElseThrow().label();
			String[] halt = rows.stream().filter(r -> r[1].equals(haltLabel)).findFirst().orElseThrow();
			assertEquals("100", halt[0]);
			// CLEANED when it halted the sweep itself; the workers may have seen the raised signal first
			assertTrue(halt[2].equals("CLEANED") || halt[2].equals("SKIPPED"), "the sweep halt step: " + String.join(" | ", halt));
			assertTrue(stopView.summaryText().startsWith("Stop complete: "), stopView.summaryText());

			RunOutcome stopped = sweep.completion().get(10, TimeUnit.SECONDS);
			assertEquals(RunState.STOPPED, stopped.state(), stopped.message());
			long done = stopped.progress().done();
			assertTrue(done > 0 && done < stopped.progress().total(), stopped.progress().describe());
			Thread.sleep(300);
			assertEquals(done, sweep.progress().done(), "no combination after the stop");

			ui.await(() -> results.rows().stream().anyMatch(r -> r[STATUS].equals("stopped (partial)")),
					Duration.ofSeconds(10), "the partial results in the Results view");
			long partialRows = results.rows().stream().filter(r -> r[STATUS].equals("stopped (partial)")).count();
			assertEquals(stopped.rows().size(), partialRows, "the sweep's best combinations");
			assertTrue(partialRows > 0, "some were kept");

			// new work is refused until Reset
			ui.await(() -> !run.runButton().isEnabled(), Duration.ofSeconds(2), "Run to be disabled");
			assertNull(run.run(), "Run refuses while the stop signal is raised");
			assertTrue(run.statusText().contains("refused: the emergency stop is active"), run.statusText());
			ui.await(() -> stopView.resetButton().isEnabled(), Duration.ofSeconds(5), "Reset to be enabled once the stop ended");
			stopView.resetButton().notifyListeners(SWT.Selection, new Event());
			ui.await(() -> run.runButton().isEnabled(), Duration.ofSeconds(2), "Run to be enabled again");

			// and running works again: a backtest lands in Results
			run.setKind(RunKind.BACKTEST);
			RunHandle backtest = run.run();
			assertNotNull(backtest, run.statusText());
			RunOutcome ran = backtest.completion().get(30, TimeUnit.SECONDS);
			assertEquals(RunState.COMPLETED, ran.state());
			String backtestRow = Integer.toString(ran.rows().get(0).number());
			ui.await(() -> results.rows().stream().anyMatch(r -> r[0].equals(backtestRow)), Duration.ofSeconds(10),
					"the new backtest in Results");

			// selecting a partial sweep row shows its curve, recomputed
			int index = 0;
			List<String[]> all = results.rows();
			while (!all.get(index)[STATUS].equals("stopped (partial)")) {
				index++;
			}
			String number = all.get(index)[0];
			results.select(ui.runs.results().stream().filter(r -> String.valueOf(r.number()).equals(number)).findFirst()
					.orElseThrow());
			ui.await(() -> results.equityPoints() > 0, Duration.ofSeconds(20), "the selected combination's equity curve");
			assertFalse(results.selectionText().contains("computing"), results.selectionText());
		}
	}
}
