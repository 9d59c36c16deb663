package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.e4.ui.workbench.modeling.ISelectionListener;
import org.eclipse.swt.SWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.app.model.JobTracker;
import io.backstop.app.model.ResultsTable;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/** The Data, Results and Progress views over the real run service, on real data and real runs. */
class WorkbenchPartsUiIT {

	/** The selections the Results view published, as the workbench's selection service would pass them on. */
	static final class PublishedSelections implements ESelectionService {
		final List<Object> published = new ArrayList<>();

		@Override
		public void setSelection(Object selection) {
			published.add(selection);
		}

		@Override
		public void setPostSelection(Object selection) {
			published.add(selection);
		}

		@Override
		public Object getSelection() {
			return published.isEmpty() ? null : published.get(published.size() - 1);
		}

		@Override
		public Object getSelection(String partId) {
			return getSelection();
		}

		@Override
		public void addSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void removeSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void addSelectionListener(String partId, ISelectionListener listener) {
		}

		@Override
		public void removeSelectionListener(String partId, ISelectionListener listener) {
		}

		@Override
		public void addPostSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void removePostSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void addPostSelectionListener(String partId, ISelectionListener listener) {
		}

		@Override
		public void removePostSelectionListener(String partId, ISelectionListener listener) {
		}
	}

	@TempDir
	Path files;

	@Test
	void dataViewOpensTheSampleAndNamesTheLineOfABadFile() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			DataPart data = ui.part(DataPart.class, "Data", 900, 500);
			ui.await(() -> data.factsText().contains("bars"), Duration.ofSeconds(20), "the sample data");
			if (!data.titleText().equals("BTCUSDT_5m")) {
				// an earlier test left other data open: open the sample as the first start does
				ui.runs.openSample();
				ui.await(() -> data.titleText().equals("BTCUSDT_5m"), Duration.ofSeconds(20), "the sample data");
			}
			assertTrue(data.factsText().startsWith("25,920 bars of 5 min, 2025-04-03 17:05 UTC to 2025-07-02 17:00 UTC"),
					data.factsText());
			assertTrue(data.chartPoints() > 1000, "the price chart: " + data.chartPoints());

			Path bad = Files.writeString(files.resolve("bad.csv"),
					"timestamp,open,high,low,close,volume\n2025-01-01 00:00,1,2,0.5,1.5,10\n2025-01-01 00:05,1,2,0.5,abc,10\n");
			data.open(bad);
			ui.await(() -> !data.problemText().isEmpty(), Duration.ofSeconds(10), "the problem");
			assertTrue(data.problemText().contains("bad.csv, line 3, field 'close'"), data.problemText());
			assertEquals("BTCUSDT_5m", data.titleText(), "the open series stays open");

			Path one = Files.writeString(files.resolve("one.csv"),
					"timestamp,open,high,low,close,volume\n2025-01-01 00:00,1,2,0.5,1.5,10\n");
			data.open(one);
			ui.await(() -> data.titleText().equals("one"), Duration.ofSeconds(10), "the new series");
			assertTrue(data.factsText().startsWith("1 bar of one at 2025-01-01 00:00 UTC"), data.factsText());
			assertEquals("", data.problemText());
			ui.runs.openSample();
		}
	}

	@Test
	void resultsSortNumericallyByAnyColumnAndPublishTheSelectedRunWithItsCurvesAndTrades() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			PublishedSelections selections = new PublishedSelections();
			ui.context.set(ESelectionService.class, selections);
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			for (String period : new String[] { "20", "60", "40" }) {
				RunHandle run = ui.runs.start(RunRequest.builder(RunKind.BACKTEST, StrategyRegistry.SMA_CROSSOVER)
						.parameter("slow_period", period).build());
				assertEquals(RunState.COMPLETED, run.completion().get(30, TimeUnit.SECONDS).state());
			}
			ui.await(() -> results.rows().size() == 3, Duration.ofSeconds(5), "three rows");
			int sharpe = ResultsTable.index("Sharpe");
			results.sortBy(sharpe, SWT.DOWN);
			List<Double> values = results.rows().stream().map(r -> Double.parseDouble(r[sharpe])).toList();
			assertTrue(values.get(0) >= values.get(1) && values.get(1) >= values.get(2), "Sharpe descending: " + values);
			results.sortBy(sharpe, SWT.UP);
			values = results.rows().stream().map(r -> Double.parseDouble(r[sharpe])).toList();
			assertTrue(values.get(0) <= values.get(1) && values.get(1) <= values.get(2), "Sharpe ascending: " + values);
			Pattern peopleRead = Pattern.compile("-?[\\d,]+(\\.\\d{2})?( %)?|\u2014");
			for (String[] row : results.rows()) {
				for (String column : List.of("Return", "Sharpe", "Max DD", "Win rate", "Profit factor", "Final equity")) {
					String cell = row[ResultsTable.index(column)];
					assertTrue(peopleRead.matcher(cell).matches(), column + " reads as people write it: " + cell);
				}
				assertTrue(row[ResultsTable.index("Settings")].startsWith("capital 10,000.00 · fees 10 bps"),
						row[ResultsTable.index("Settings")]);
			}
			int number = ResultsTable.index("#");
			results.sortBy(number, SWT.UP);
			List<String> numbers = results.rows().stream().map(r -> r[number]).toList();
			assertEquals(numbers.stream().sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b)).toList(), numbers);

			ResultRow second = ui.runs.results().get(1);
			results.select(second);
			ui.flush();
			assertSame(second, selections.getSelection(), "published through the selection service");
			assertEquals(second.result().trades().size(), results.tradeRows(), "its trades");
			assertTrue(results.equityPoints() > 1000, "its equity curve");
			assertTrue(results.selectionText().startsWith("#" + second.number() + " sma_crossover"), results.selectionText());
			assertTrue(results.selectionText().contains("ruin stops"), "with its settings: " + results.selectionText());
		}
	}

	@Test
	void progressViewShowsARunningSweepInFiguresPeopleReadAndItsCancelButtonCancelsIt() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			ui.context.set(JobTracker.class, new JobTracker());
			ProgressPart progress = ui.part(ProgressPart.class, "Progress", 500, 300);
			RunHandle sweep = ui.runs.start(RunRequest.builder(RunKind.SWEEP, StrategyRegistry.BOLLINGER_ZSCORE)
					.parameter("bb_period", "10:1000:1").parameter("k_sl", "0.5:60:0.1").workers(1).build());
			String title = "S" + sweep.origin().substring(1) + " · bollinger_zscore on BTCUSDT_5m";
			ui.await(() -> progress.shownWork().contains(title), Duration.ofSeconds(10), "the sweep's row");
			Pattern figures = Pattern.compile("[\\d,]+ of [\\d,]+ combos · [\\d,.]+ combos/s · ETA \\d+ (h|min|s)( \\d+ (min|s))?"
					+ " · best sharpe -?[\\d,]+(\\.\\d\\d)?( \\(\\d+ %\\))?");
			int row = progress.shownWork().indexOf(title);
			ui.await(() -> figures.matcher(progress.shownDetails().get(row)).matches(), Duration.ofSeconds(20),
					"rate, ETA and best in figures people read, not " + progress.shownDetails());
			assertFalse(progress.shownDetails().get(row).matches(".*\\d\\.\\d{3,}.*"), progress.shownDetails().get(row));

			progress.cancel(row);
			RunOutcome outcome = sweep.completion().get(10, TimeUnit.SECONDS);
			assertEquals(RunState.CANCELLED, outcome.state(), outcome.message());
			ui.await(() -> !progress.shownWork().contains(title), Duration.ofSeconds(5), "the row to go");
		}
	}
}
