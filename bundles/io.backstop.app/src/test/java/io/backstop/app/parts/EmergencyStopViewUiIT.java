package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.junit.jupiter.api.Test;

import io.backstop.app.handlers.EmergencyStopHandler;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;

/** The Emergency Stop view against the real coordinator, with steps of every outcome. */
class EmergencyStopViewUiIT {

	@FunctionalInterface
	interface Body {
		StepResult stop(StopContext context) throws Exception;
	}

	private static Stoppable step(String id, String label, Body body) {
		return new Stoppable() {
			@Override
			public String id() {
				return id;
			}

			@Override
			public String label() {
				return label;
			}

			@Override
			public StepResult stop(StopContext context) throws Exception {
				return body.stop(context);
			}
		};
	}

	@Test
	void rowsAppearLiveInOrderThenSummaryHistoryJsonAndReset() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			AtomicBoolean halting = new AtomicBoolean();
			ui.register(step("test.cache", "Clear a test cache", c -> StepResult.cleaned("cleared 3 entries",
					8L << 20, List.of("test cache"))), 300, 0);
			ui.register(step("test.halt", "Halt test work", c -> {
				halting.set(true);
				c.progress("halting 2 workers");
				Thread.sleep(600);
				return StepResult.cleaned("2 workers halted", 0, List.of("test workers"));
			}), 100, 0);
			ui.register(step("test.gpu", "Free test device memory", c -> StepResult.skipped("no CUDA device")), 400, 0);
			ui.register(step("test.broken", "A broken step", c -> {
				throw new IllegalStateException("boom");
			}), 450, 0);
			ui.register(step("test.stuck", "A stuck step", c -> {
				Thread.sleep(10_000);
				return StepResult.skipped("never");
			}), 500, 300);

			EmergencyStopPart view = ui.part(EmergencyStopPart.class, "Emergency Stop", 1000, 420);
			assertTrue(view.stateText().startsWith("Ready"), view.stateText());
			assertFalse(view.resetButton().isEnabled(), "nothing to reset before a stop");
			int pastStops = view.historyCount();

			// the toolbar button, the menu entry and Ctrl+F2 all run this handler
			long started = System.nanoTime();
			new EmergencyStopHandler().execute(ui.emergencyStop, null);
			long handlerMillis = (System.nanoTime() - started) / 1_000_000;
			assertTrue(handlerMillis < 200, "the handler returns at once, the stop runs elsewhere: " + handlerMillis + " ms");

			ui.await(() -> view.rows().stream().anyMatch(r -> r[1].equals("Halt test work") && r[2].equals("running")),
					Duration.ofSeconds(5), "the first step's row to show it running");
			List<String[]> live = view.rows();
			assertTrue(live.stream().anyMatch(r -> r[1].equals("A stuck step") && r[2].equals("pending")),
					"steps still to come are listed as pending while the first runs");
			ui.await(() -> view.rows().stream().anyMatch(r -> r[5].equals("halting 2 workers")), Duration.ofSeconds(5),
					"the step's progress line");

			ui.await(() -> view.shownReport() != null, Duration.ofSeconds(10), "the stop to finish");
			List<String[]> rows = view.rows();
			List<String> ids = rows.stream().map(r -> r[1]).toList();
			int halt = ids.indexOf("Halt test work");
			int cache = ids.indexOf("Clear a test cache");
			int gpu = ids.indexOf("Free test device memory");
			int broken = ids.indexOf("A broken step");
			int stuck = ids.indexOf("A stuck step");
			assertTrue(halt >= 0 && halt < cache && cache < gpu && gpu < broken && broken < stuck, "rows by order: " + ids);
			for (int i = 1; i < rows.size(); i++) {
				assertTrue(Integer.parseInt(rows.get(i - 1)[0]) <= Integer.parseInt(rows.get(i)[0]), "orders ascend");
			}
			assertEquals("CLEANED", rows.get(halt)[2]);
			assertEquals("2 workers halted", rows.get(halt)[5]);
			assertEquals("CLEANED", rows.get(cache)[2]);
			assertEquals("8.0 MB", rows.get(cache)[4]);
			assertEquals("SKIPPED", rows.get(gpu)[2]);
			assertEquals("no CUDA device", rows.get(gpu)[5]);
			assertEquals("\u2014", rows.get(gpu)[4], "a skipped step released nothing: a dash, not 0 MB");
			assertEquals("FAILED", rows.get(broken)[2]);
			assertTrue(rows.get(broken)[5].contains("boom"));
			assertEquals("TIMED_OUT", rows.get(stuck)[2]);
			assertTrue(halting.get());
			assertTrue(view.summaryText().startsWith("Stop complete: "), view.summaryText());
			assertTrue(view.summaryText().contains("2 errors"), view.summaryText());
			assertEquals(pastStops + 1, view.historyCount(), "the stop joined the past stops");
			assertTrue(ui.emergencyStop.toJson(view.shownReport()).contains("\"test.broken\""));

			String json = ui.emergencyStop.toJson(view.shownReport());
			EmergencyStopPart.JsonDialog dialog = view.openReportDialog();
			try {
				dialog.press(EmergencyStopPart.JsonDialog.COPY_ID);
				Clipboard clipboard = new Clipboard(ui.display);
				try {
					assertEquals(json, clipboard.getContents(TextTransfer.getInstance()), "Copy puts the report on the clipboard");
				} finally {
					clipboard.dispose();
				}
				Path saved = Files.createTempDirectory("stop-report").resolve("report.json");
				dialog.answerSaveDialog(() -> saved);
				dialog.press(EmergencyStopPart.JsonDialog.SAVE_ID);
				assertEquals(json, Files.readString(saved), "Save writes the report");
				assertEquals("Saved the report to " + saved, dialog.outcomeText());
			} finally {
				dialog.close();
			}

			assertTrue(ui.emergencyStop.signal().isRaised(), "new work is refused after the stop");
			assertTrue(view.stateText().contains("refused"), view.stateText());
			assertTrue(view.resetButton().isEnabled(), "Reset is offered while work is refused");
			view.resetButton().notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
			ui.await(() -> !view.resetButton().isEnabled(), Duration.ofSeconds(2), "Reset to be disabled again");
			assertFalse(ui.emergencyStop.signal().isRaised(), "Reset lowered the signal");
			assertTrue(view.stateText().startsWith("Ready"), view.stateText());
		}
	}
}
