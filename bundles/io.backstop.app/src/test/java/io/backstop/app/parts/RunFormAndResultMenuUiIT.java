package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/**
 * The Run view keeps what was typed per strategy and mode; sweep options are chosen there and
 * recorded with the run; a result's context menu takes its parameters back.
 */
class RunFormAndResultMenuUiIT {

	@Test
	void whatIsTypedStaysWithItsStrategyAndModeAndTheSweepOptionsReachTheRun() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			RunPart run = ui.part(RunPart.class, "Run", 380, 900);
			Control view = run.runButton().getParent();
			run.selectStrategy(ui.runs.strategy("sma_crossover"));
			Widgets.find(view, Text.class, "parameter.fast_period").setText("7");

			click(view, "run.kind.sweep");
			assertEquals(RunKind.SWEEP, run.kind());
			Widgets.find(view, Text.class, "parameter.fast_period").setText("5,10");
			Widgets.find(view, Text.class, "parameter.slow_period").setText("30,40");
			click(view, "run.kind.backtest");
			assertEquals("7", run.shownInputs().get("fast_period"), "the backtest's value came back");
			click(view, "run.kind.backtest");
			assertEquals("7", run.shownInputs().get("fast_period"), "choosing the chosen mode again keeps it");
			run.selectStrategy(ui.runs.strategy("macd_crossover"));
			run.selectStrategy(ui.runs.strategy("sma_crossover"));
			assertEquals("7", run.shownInputs().get("fast_period"), "and so does another strategy and back");

			click(view, "run.kind.sweep");
			assertEquals("5,10", run.shownInputs().get("fast_period"));
			Combo metric = Widgets.find(view, Combo.class, "run.objective");
			metric.select(metric.indexOf("max_drawdown_pct"));
			metric.notifyListeners(SWT.Selection, null);
			Combo direction = Widgets.find(view, Combo.class, "run.direction");
			direction.select(direction.indexOf("minimise"));
			direction.notifyListeners(SWT.Selection, null);
			Widgets.find(view, Spinner.class, "run.topk").setSelection(3);
			Widgets.find(view, Spinner.class, "run.workers").setSelection(2);

			click(view, "run.cluster");
			assertNull(run.run(), "a sweep on the cluster while clustering is off does not start");
			assertTrue(run.statusText().contains("clustering is off or no other member has joined"), run.statusText());
			Button onCluster = Widgets.find(view, Button.class, "run.cluster");
			onCluster.setSelection(false);
			onCluster.notifyListeners(SWT.Selection, null);

			RunHandle sweep = run.run();
			assertNotNull(sweep, run.statusText());
			assertEquals(RunObjective.minimise("max_drawdown_pct"), sweep.request().objective());
			assertEquals(3, sweep.request().topK());
			assertEquals(2, sweep.request().workers());
			assertEquals(RunState.COMPLETED, sweep.completion().get(60, TimeUnit.SECONDS).state());
			assertEquals(3, sweep.completion().get().rows().size(), "the top 3 of 4 combinations");
		}
	}

	@Test
	void aResultsContextMenuTakesItsParametersToTheRunViewBacktestsThemAgainOrSweepsAroundThem() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			RunPart run = ui.part(RunPart.class, "Run", 380, 900);
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			ui.runs.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").parameter("fast_period", "15")
					.parameter("slow_period", "40").build()).completion().get(60, TimeUnit.SECONDS);
			ui.await(() -> results.tableSelection() != null, Duration.ofSeconds(10), "the new row selected");
			ResultRow row = results.tableSelection();
			Table table = (Table) results.rowsControl();

			MenuItemsPress.press(table, "Use these parameters");
			assertEquals("sma_crossover", run.strategy().id());
			assertEquals(RunKind.BACKTEST, run.kind());
			assertEquals("15", run.shownInputs().get("fast_period"));
			assertEquals("40", run.shownInputs().get("slow_period"));
			assertEquals("The parameters of row #" + row.number() + "; Run backtests them.", run.statusText());

			MenuItemsPress.press(table, "Sweep around them");
			assertEquals(RunKind.SWEEP, run.kind());
			assertEquals("5:25:5", run.shownInputs().get("fast_period"));
			assertEquals("20:60:10", run.shownInputs().get("slow_period"));
			assertEquals("0:2:1", run.shownInputs().get("stop_loss_pct"));
			assertEquals("69 of 75 combinations (fast_period < slow_period)", run.combinationsText(),
					"fast 20 and 25 against slow 20 break fast_period < slow_period");

			int rowsBefore = ui.runs.results().size();
			MenuItemsPress.press(table, "Backtest again");
			ui.await(() -> ui.runs.results().size() == rowsBefore + 1, Duration.ofSeconds(60), "the row backtested again");
			ResultRow again = ui.runs.results().get(rowsBefore);
			assertEquals(row.parameters(), again.parameters());
			assertEquals(15, again.parameters().getInt("fast_period"));
			assertEquals(row.settings(), again.settings());
			assertEquals(row.finalEquity(), again.finalEquity(), 1e-9, "the same run gives the same figures");
		}
	}

	private static void click(Control view, String id) {
		Button radio = Widgets.find(view, Button.class, id);
		radio.setSelection(true);
		radio.notifyListeners(SWT.Selection, null);
	}
}
