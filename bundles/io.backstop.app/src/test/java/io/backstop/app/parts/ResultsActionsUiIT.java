package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.app.model.ResultsTable;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/** Results: resume a cancelled sweep, export the table and a run's trades, hide columns, clear; the newest run selected. */
class ResultsActionsUiIT {

	@TempDir
	Path dir;

	@Test
	void aCancelledSweepIsResumedFromItsRowTheTableAndTradesAreExportedColumnsHideAndClearEmptiesIt() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			Table table = (Table) results.rowsControl();
			results.answerFileChooser(dir::resolve);

			RunHandle sweep = ui.runs.start(RunRequest.builder(RunKind.SWEEP, "sma_crossover").workers(1).topK(5).build());
			ui.await(() -> sweep.progress().done() >= 10, Duration.ofSeconds(60), "some combinations computed");
			sweep.cancel();
			RunOutcome cancelled = sweep.completion().get(30, TimeUnit.SECONDS);
			assertEquals(RunState.CANCELLED, cancelled.state());
			assertTrue(cancelled.resumable(), "a cancelled sweep can go on");
			ui.await(() -> results.tableSelection() != null && results.tableSelection().runId().equals(sweep.id()),
					Duration.ofSeconds(10), "the sweep's best row selected");

			MenuItemsPress.press(table, "Resume this run");
			RunHandle resumed = ui.runs.find(sweep.id()).orElseThrow();
			assertEquals(RunState.COMPLETED, resumed.completion().get(120, TimeUnit.SECONDS).state());
			assertEquals(resumed.progress().total(), resumed.progress().done(), "every combination computed once resumed");

			ResultRow backtest = ui.runs.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").build()).completion()
					.get(60, TimeUnit.SECONDS).rows().get(0);
			ui.await(() -> results.tableSelection() != null && results.tableSelection().number() == backtest.number(),
					Duration.ofSeconds(10), "the newest run selected though another row was");

			MenuItemsPress.press(table, "Export the table to CSV...");
			List<String> exported = Files.readAllLines(dir.resolve("results.csv"));
			assertEquals(ui.runs.results().size() + 1, exported.size(), "a header and every row");
			assertTrue(results.selectionText().startsWith("Exported " + ui.runs.results().size() + " rows to "),
					results.selectionText());

			MenuItemsPress.press(table, "Export this run's trades to CSV...");
			Path trades = dir.resolve("trades-" + backtest.number() + ".csv");
			ui.await(() -> Files.exists(trades), Duration.ofSeconds(30), "the trades file");
			assertEquals((int) backtest.trades() + 1, Files.readAllLines(trades).size(), "a header and every trade");

			int calmar = ResultsTable.index("Calmar");
			MenuItem calmarShown = MenuItemsPress.item(results.headerMenu(), "Calmar");
			calmarShown.setSelection(false);
			calmarShown.notifyListeners(SWT.Selection, null);
			assertEquals(0, table.getColumn(calmar).getWidth(), "hidden");
			calmarShown.setSelection(true);
			calmarShown.notifyListeners(SWT.Selection, null);
			assertTrue(table.getColumn(calmar).getWidth() > 0, "shown again");

			MenuItemsPress.press(table, "Clear results");
			ui.await(() -> table.getItemCount() == 0, Duration.ofSeconds(10), "an empty table");
			assertTrue(ui.runs.results().isEmpty());
		}
	}
}
