package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.junit.jupiter.api.Test;

import io.backstop.run.RunKind;

/** A run that cannot start says why, in red, in the Run view and in Progress; nothing says it started. */
class RunRefusedUiIT {

	@Test
	void aSweepLargerThanTheEngineHoldsIsRefusedWithItsReasonInTheRunViewAndInProgress() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			RunPart run = ui.part(RunPart.class, "Run", 380, 900);
			ProgressPart progress = ui.part(ProgressPart.class, "Progress", 600, 300);
			int runsBefore = ui.runs.runs().size();
			run.selectStrategy(ui.runs.strategy("bollinger_atr"));
			run.setKind(RunKind.SWEEP);
			run.setInput("bb_period", "2:500:1");
			run.setInput("bb_std", "0.5:5:0.001");
			run.setInput("atr_period", "1:500:1");
			run.setInput("atr_k", "0.1:20:0.01");

			Widgets.find(run.runButton().getParent(), Button.class, "run.button").notifyListeners(SWT.Selection, null);

			String reason = "a sweep holds at most 2,147,483,648 combinations; narrow a range or widen its step";
			assertTrue(run.statusText().startsWith("parameters: the grid has ") && run.statusText().endsWith(reason),
					run.statusText());
			assertTrue(run.statusShowsProblem(), "the reason is shown in red");
			assertEquals(runsBefore, ui.runs.runs().size(), "nothing started");
			ui.await(() -> progress.shownRefusal().endsWith(reason), Duration.ofSeconds(5), "the refusal in Progress");
			assertEquals("Not started: the sweep of bollinger_atr: " + run.statusText(), progress.shownRefusal());

			run.setKind(RunKind.BACKTEST);
			assertTrue(run.run() != null, run.statusText());
			assertTrue(run.statusText().startsWith("Running: backtest ") || run.statusText().contains(" completed after "),
					run.statusText());
			assertTrue(!run.statusShowsProblem(), "a run that starts is no problem");
			ui.await(() -> progress.shownRefusal().isEmpty(), Duration.ofSeconds(5), "the refusal to go once a run starts");
		}
	}
}
