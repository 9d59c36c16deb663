package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.junit.jupiter.api.Test;

import io.backstop.app.addons.WorkbenchStopStep;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopRequest;
import io.backstop.run.ResultRow;
import io.backstop.run.RunKind;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/**
 * While the emergency stop is raised the workbench starts nothing: a row whose curve the stop
 * dropped says why it is not recomputed, and opening data is refused, the open series staying.
 */
class WorkbenchJobsObeyTheStopUiIT {

	@Test
	void afterTheStopACurveIsNotRecomputedAndDataIsNotOpenedUntilReset() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			OhlcvSeries series = ui.runs.openSample();
			assertEquals(RunState.COMPLETED, ui.runs.start(RunRequest.builder(RunKind.BACKTEST, StrategyRegistry.SMA_CROSSOVER)
					.build()).completion().get(30, TimeUnit.SECONDS).state());
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			ui.await(() -> results.equityPoints() > 0, Duration.ofSeconds(10), "the backtest's curve");
			WorkbenchStopStep step = ContextInjectionFactory.make(WorkbenchStopStep.class, ui.context);
			try {
				ui.emergencyStop.requestStop(StopRequest.of("test", "test")).get(30, TimeUnit.SECONDS);
			} finally {
				ContextInjectionFactory.uninject(step, ui.context);
			}
			ResultRow row = ui.runs.results().get(0);
			assertNull(row.result(), "the stop dropped the curve");

			results.select(row);
			ui.await(() -> results.selectionText().contains("refused: the emergency stop is active"), Duration.ofSeconds(10),
					"the refusal to recompute, not " + results.selectionText());
			assertTrue(results.selectionText().contains("the equity curve was not computed"), results.selectionText());

			DataPart data = ui.part(DataPart.class, "Data", 900, 500);
			Path csv = Files.createTempFile("backstop-refused", ".csv");
			try {
				data.open(csv);
				ui.await(() -> data.problemText().contains("refused: the emergency stop is active"), Duration.ofSeconds(10),
						"the data load's refusal");
				assertEquals(series, ui.runs.series().orElseThrow(), "the open series stays");
			} finally {
				Files.delete(csv);
			}
		}
	}
}
