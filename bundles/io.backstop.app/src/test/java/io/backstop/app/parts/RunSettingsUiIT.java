package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.service.prefs.Preferences;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.ResultsTable;
import io.backstop.app.model.RunSettingsForm;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.run.ResultRow;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunState;

/**
 * The Run view's settings: typed by id, refused in one line, carried by the run's rows, remembered by the next view
 * with the strategy chosen and its typed parameters.
 */
class RunSettingsUiIT {

	@Test
	void settingsTypedInTheRunViewReachTheResultsAndAreRememberedByTheNextRunView() throws Exception {
		Preferences node = InstanceScope.INSTANCE.getNode(AppPreferences.NODE);
		try (PartHarness ui = new PartHarness()) {
			ui.runs.openSample();
			RunPart run = ui.part(RunPart.class, "Run", 380, 900);
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
			Control view = run.runButton().getParent();

			type(view, RunSettingsForm.CAPITAL, "-5");
			assertEquals("capital must be a positive amount, not -5.0", run.statusText(), "one line naming the field");
			assertNull(run.run(), "nothing starts with a bad setting");
			type(view, RunSettingsForm.CAPITAL, "20,000");
			assertEquals("", run.statusText(), "the problem line goes once the value is fixed");
			type(view, RunSettingsForm.FEES_BPS, "2.5");
			type(view, RunSettingsForm.SLIPPAGE_BPS, "0");
			Combo sizing = Widgets.find(view, Combo.class, RunSettingsForm.SIZING);
			sizing.select(Sizing.FIXED_NOTIONAL.ordinal());
			sizing.notifyListeners(SWT.Selection, null);
			type(view, RunSettingsForm.SIZING_VALUE, "5000");
			Button shorts = Widgets.find(view, Button.class, RunSettingsForm.SHORTS);
			shorts.setSelection(false);
			shorts.notifyListeners(SWT.Selection, null);
			Combo ruin = Widgets.find(view, Combo.class, RunSettingsForm.RUIN);
			ruin.select(Ruin.CONTINUE.ordinal());
			ruin.notifyListeners(SWT.Selection, null);

			run.selectStrategy(ui.runs.strategy("sma_crossover"));
			run.setInput("fast_period", "7");

			Widgets.find(view, Button.class, "run.button").notifyListeners(SWT.Selection, null);
			RunHandle handle = ui.runs.runs().get(ui.runs.runs().size() - 1);
			assertNotNull(handle, run.statusText());
			assertEquals(RunState.COMPLETED, handle.completion().get(30, TimeUnit.SECONDS).state());
			RunSettings typed = new RunSettings(20_000, 2.5, 0, Sizing.FIXED_NOTIONAL, 5000, false, Ruin.CONTINUE);
			ResultRow row = ui.runs.results().get(ui.runs.results().size() - 1);
			assertEquals(typed, row.settings(), "the row carries the settings typed");
			ui.await(() -> results.rows().stream().anyMatch(r -> r[ResultsTable.index("Settings")]
					.equals("capital 20,000.00 · fees 2.5 bps · slippage 0 bps · fixed notional 5,000.00 · long only · ruin continues")),
					Duration.ofSeconds(10), "the row's settings in Results");
			assertEquals("20,000", node.get(RunSettingsForm.CAPITAL, null), "remembered as typed");

			// the view the next start opens
			RunPart next = ui.part(RunPart.class, "Run again", 380, 900);
			Control nextView = next.runButton().getParent();
			assertEquals("20,000", Widgets.find(nextView, Text.class, RunSettingsForm.CAPITAL).getText());
			assertEquals("5000", Widgets.find(nextView, Text.class, RunSettingsForm.SIZING_VALUE).getText());
			assertEquals(Sizing.FIXED_NOTIONAL.label(), Widgets.find(nextView, Combo.class, RunSettingsForm.SIZING).getText());
			assertTrue(!Widgets.find(nextView, Button.class, RunSettingsForm.SHORTS).getSelection(), "no shorts");
			assertEquals("sma_crossover", next.strategy().id(), "the strategy chosen last");
			assertEquals(RunKind.BACKTEST, next.kind());
			assertEquals("7", next.shownInputs().get("fast_period"), "what was typed for it");
		} finally {
			for (String key : new RunSettingsForm(RunSettings.defaults()).remembered().keySet()) {
				node.remove(key);
			}
			node.flush();
		}
	}

	private static void type(Control view, String id, String text) {
		Widgets.find(view, Text.class, id).setText(text);
	}
}
