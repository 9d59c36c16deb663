package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.Test;

import io.backstop.app.model.Figures;
import io.backstop.app.model.Session;
import io.backstop.app.model.WorkbenchJob;
import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.estop.api.StopRequest;
import io.backstop.indicators.IndicatorCache;

/** The Jobs the workbench starts itself end when the emergency stop is raised and do not start while it is. */
class WorkbenchJobsObeyTheStopUiIT {

	/** sma_crossover that first waits until it is cancelled (a minute at most), as a long computation would. */
	static final class UntilCancelled implements Strategy {
		final Strategy delegate = StrategyRegistry.standard().get(StrategyRegistry.SMA_CROSSOVER);
		final AtomicInteger runs = new AtomicInteger();
		volatile boolean sawCancellation;

		@Override
		public String id() {
			return delegate.id();
		}

		@Override
		public String displayName() {
			return delegate.displayName();
		}

		@Override
		public String description() {
			return delegate.description();
		}

		@Override
		public List<ParameterSpec> parameters() {
			return delegate.parameters();
		}

		@Override
		public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
				CancellationToken cancel, IndicatorCache cache) {
			runs.incrementAndGet();
			long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
			while (!cancel.isCancelled() && System.nanoTime() < giveUp) {
				try {
					Thread.sleep(5);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					break;
				}
			}
			sawCancellation = cancel.isCancelled();
			return delegate.run(series, parameters, settings, cancel, cache);
		}
	}

	@Test
	void theStopCancelsTheChartRecomputeAndRefusesNewWorkbenchJobsUntilReset() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			UntilCancelled strategy = new UntilCancelled();
			ui.context.set(StrategyRegistry.class, new StrategyRegistry(List.of(strategy)));
			Session session = new Session();
			ui.context.set(Session.class, session);
			OhlcvSeries series = SampleData.loadBtcusdt5m();
			session.setSeries(series);
			session.addCombos("Sweep", "sweep 1", "stopped (partial)", series, strategy.id(), RunSettings.defaults(),
					List.of(strategy.defaults()), List.of(Figures.ofSweep(Map.of("sharpe", 1.2), 10_000)));

			// the Results view selects the new row and recomputes its curve
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			ui.await(() -> runningWorkbenchJobs() == 1 && strategy.runs.get() == 1, Duration.ofSeconds(10),
					"the curve's recompute to run");
			assertTrue(results.selectionText().contains("computing its equity curve"), results.selectionText());

			ui.emergencyStop.requestStop(StopRequest.of("test", "test")).get(30, TimeUnit.SECONDS);
			ui.await(() -> runningWorkbenchJobs() == 0, Duration.ofSeconds(10), "the recompute to end");
			assertTrue(strategy.sawCancellation, "the strategy's token was cancelled");
			ui.await(() -> results.selectionText().contains("the equity curve was not computed"), Duration.ofSeconds(10),
					"the view to say so");
			assertEquals(null, session.results().get(0).result(), "no curve cut short attached as if whole");

			// while the signal is raised: selecting the row again starts nothing
			results.select(session.results().get(0));
			ui.await(() -> results.selectionText().contains("refused: the emergency stop is active"), Duration.ofSeconds(10),
					"the refusal");
			assertEquals(1, strategy.runs.get(), "the strategy did not run again");

			// nor does opening data
			DataPart data = ui.part(DataPart.class, "Data", 900, 500);
			Path csv = Files.createTempFile("backstop-refused", ".csv");
			try {
				data.open(csv);
				ui.await(() -> data.problemText().contains("refused: the emergency stop is active"), Duration.ofSeconds(10),
						"the data load's refusal");
				assertEquals(series, session.series(), "the open series stays");
			} finally {
				Files.delete(csv);
			}
		}
	}

	private static int runningWorkbenchJobs() {
		return Job.getJobManager().find(WorkbenchJob.FAMILY).length;
	}
}
