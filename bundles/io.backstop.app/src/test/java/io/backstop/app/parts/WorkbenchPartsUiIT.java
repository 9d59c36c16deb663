package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.SWT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.app.model.JobTracker;
import io.backstop.app.model.Session;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;

/** The Data, Results and Progress views on real data, real backtests and real Jobs. */
class WorkbenchPartsUiIT {

	@TempDir
	Path files;

	@Test
	void dataViewOpensTheSampleOnFirstStartAndNamesTheLineOfABadFile() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			Session session = new Session();
			ui.context.set(Session.class, session);
			DataPart data = ui.part(DataPart.class, "Data", 900, 500);
			ui.await(() -> session.series() != null && data.factsText().contains("bars"), Duration.ofSeconds(20),
					"the sample data");
			assertEquals("BTCUSDT_5m", data.titleText());
			assertTrue(data.factsText().startsWith("25,920 bars of 5 min, 2025-04-03 17:05 UTC to 2025-07-02 17:00 UTC"),
					data.factsText());
			assertTrue(data.chartPoints() > 1000, "the price chart: " + data.chartPoints());

			Path bad = Files.writeString(files.resolve("bad.csv"),
					"timestamp,open,high,low,close,volume\n2025-01-01 00:00,1,2,0.5,1.5,10\n2025-01-01 00:05,1,2,0.5,abc,10\n");
			data.open(bad);
			ui.await(() -> !data.problemText().isEmpty(), Duration.ofSeconds(10), "the problem");
			assertTrue(data.problemText().contains("bad.csv, line 3, field 'close'"), data.problemText());
			assertEquals("BTCUSDT_5m", data.titleText(), "the open series stays open");

			Path good = Files.writeString(files.resolve("good.csv"),
					"timestamp,open,high,low,close,volume\n2025-01-01 00:00,1,2,0.5,1.5,10\n2025-01-01 00:05,1.5,2,1,1.8,12\n");
			data.open(good);
			ui.await(() -> data.titleText().equals("good"), Duration.ofSeconds(10), "the new series");
			assertTrue(data.factsText().startsWith("2 bars of 5 min"), data.factsText());
			assertEquals("", data.problemText());
		}
	}

	@Test
	void resultsSortByAnyColumnAndShowTheSelectedRunsCurvesAndTrades() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			Session session = new Session();
			ui.context.set(Session.class, session);
			OhlcvSeries series = SampleData.loadBtcusdt5m();
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			StrategyRegistry registry = StrategyRegistry.standard();
			for (int period : new int[] { 20, 60, 40 }) {
				session.addBacktest("backtest " + period, series, registry.get(StrategyRegistry.SMA_CROSSOVER)
						.run(series, Parameters.of("slow_period", period), RunSettings.defaults(),
						io.backstop.backtest.CancellationToken.NONE));
			}
			ui.await(() -> results.rows().size() == 3, Duration.ofSeconds(5), "three rows");
			int sharpe = ResultsPart.columnIndex("Sharpe");
			results.sortBy(sharpe, SWT.DOWN);
			List<Double> values = results.rows().stream().map(r -> Double.parseDouble(r[sharpe])).toList();
			assertTrue(values.get(0) >= values.get(1) && values.get(1) >= values.get(2), "Sharpe descending: " + values);
			results.sortBy(sharpe, SWT.UP);
			values = results.rows().stream().map(r -> Double.parseDouble(r[sharpe])).toList();
			assertTrue(values.get(0) <= values.get(1) && values.get(1) <= values.get(2), "Sharpe ascending: " + values);
			int number = ResultsPart.columnIndex("#");
			results.sortBy(number, SWT.UP);
			assertEquals(List.of("1", "2", "3"), results.rows().stream().map(r -> r[number]).toList());

			var second = session.results().get(1);
			results.select(second);
			ui.flush();
			assertEquals(second.result().trades().size(), results.tradeRows(), "its trades");
			assertTrue(results.equityPoints() > 1000, "its equity curve");
			assertTrue(results.selectionText().startsWith("#2 sma_crossover"), results.selectionText());
		}
	}

	@Test
	void progressViewListsARunningJobAndItsCancelButtonCancelsIt() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			JobTracker tracker = new JobTracker();
			ui.context.set(JobTracker.class, tracker);
			ProgressPart progress = ui.part(ProgressPart.class, "Progress", 400, 300);
			CountDownLatch running = new CountDownLatch(1);
			Job job = Job.create("A long test job", (IProgressMonitor monitor) -> {
				monitor.beginTask("Working", 100);
				monitor.worked(30);
				running.countDown();
				while (!monitor.isCanceled()) {
					try {
						Thread.sleep(20);
					} catch (InterruptedException e) {
						break;
					}
				}
				return Status.CANCEL_STATUS;
			});
			job.setUser(true);
			job.schedule();
			assertTrue(running.await(10, TimeUnit.SECONDS));
			ui.await(() -> progress.shownJobs().contains("A long test job"), Duration.ofSeconds(5), "the job's row");
			progress.cancel(progress.shownJobs().indexOf("A long test job"));
			assertTrue(job.join(5000, null), "the Cancel button cancelled the job");
			assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, job.getResult().getSeverity());
			ui.await(() -> !progress.shownJobs().contains("A long test job"), Duration.ofSeconds(5), "the row to go");
		}
	}
}
