package io.backstop.app.addons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.junit.jupiter.api.Test;

import io.backstop.app.parts.PartHarness;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.run.RunKind;
import io.backstop.run.RunRequest;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

/** The workbench's own stop step, registered by its addon, run by the real coordinator. */
class WorkbenchStopStepUiIT {

	@Test
	void theStopDropsTheCurvesTheResultsHoldAndKeepsTheirFigures() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			ui.runs.start(RunRequest.builder(RunKind.BACKTEST, StrategyRegistry.SMA_CROSSOVER).build()).completion()
					.get(30, TimeUnit.SECONDS);
			WorkbenchStopStep step = ContextInjectionFactory.make(WorkbenchStopStep.class, ui.context);
			try {
				assertTrue(ui.emergencyStop.plannedSteps().stream().anyMatch(s -> s.id().equals(WorkbenchStopStep.ID) && s.order() == 450));
				StopReport report = ui.emergencyStop.requestStop(StopRequest.of("test", "test")).get(30, TimeUnit.SECONDS);
				List<String> ran = report.steps().stream().map(StepReport::id).toList();
				assertTrue(ran.indexOf(WorkbenchStopStep.ID) < ran.indexOf("memory.gc"),
						"the curves are dropped before the GC, so the after figures count them: " + ran);
				StepReport ours = report.steps().stream().filter(s -> s.id().equals(WorkbenchStopStep.ID)).findFirst()
						.orElseThrow();
				assertEquals(StepStatus.CLEANED, ours.status(), ours.detail());
				assertEquals(1L, ours.counters().get("curves.dropped"));
				assertTrue(ours.bytesReleased() > 25_920 * 8, "the equity curve's bytes: " + ours.bytesReleased());
				assertNull(ui.runs.results().get(0).result(), "the curve is gone");
				assertTrue(Double.isFinite(ui.runs.results().get(0).sharpe()), "the figures stay");
			} finally {
				ContextInjectionFactory.uninject(step, ui.context);
			}
			assertTrue(ui.emergencyStop.plannedSteps().stream().noneMatch(s -> s.id().equals(WorkbenchStopStep.ID)),
					"unregistered with the workbench");
		}
	}

	@Test
	void withNoJobAndNoCurveTheStepIsSkippedWithItsReason() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			WorkbenchStopStep step = ContextInjectionFactory.make(WorkbenchStopStep.class, ui.context);
			try {
				StopReport report = ui.emergencyStop.requestStop(StopRequest.of("test", "test")).get(30, TimeUnit.SECONDS);
				StepReport ours = report.steps().stream().filter(s -> s.id().equals(WorkbenchStopStep.ID)).findFirst()
						.orElseThrow();
				assertEquals(StepStatus.SKIPPED, ours.status(), ours.detail());
				assertEquals("no workbench job left running, no equity curve held", ours.detail());
				assertFalse(report.componentsCleaned().contains("workbench results"), report.componentsCleaned().toString());
			} finally {
				ContextInjectionFactory.uninject(step, ui.context);
			}
		}
	}
}
