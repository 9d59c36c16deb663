package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.List;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.run.RunHandle;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunState;
import io.backstop.strategies.workspace.StrategyWorkspace;

/**
 * A user writes a strategy in the workbench: New Strategy in the Strategies view opens the
 * template in the editor, a syntax error typed and saved with Ctrl+S is listed with its line and
 * the caret goes there, undo fixes it, saving again registers it and the Run view offers and runs it;
 * reopened with an error, it shows its last compile's errors; Remove withdraws it.
 */
class StrategyEditorUiIT {

	private static final String NAME = "UiCross";
	private static final String ID = "ui_cross";
	private static final String ITEM = NAME + " (" + ID + ")";

	@Test
	void newStrategyTypeAnErrorSaveSeeItsLineFixSaveAndRunIt() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ServiceTracker<StrategyWorkspace, StrategyWorkspace> tracker = new ServiceTracker<>(ui.bundleContext,
					StrategyWorkspace.class, null);
			tracker.open();
			StrategyWorkspace workspace = tracker.waitForService(20_000);
			assertNotNull(workspace, "the workspace strategies service");
			Path file = workspace.directory().resolve(NAME + ".java");
			try {
				ui.runs.openSample();
				StrategiesPart strategies = ui.part(StrategiesPart.class, "Strategies", 800, 300);
				StrategyEditorPart editor = ui.part(StrategyEditorPart.class, "Strategy Editor", 900, 700);
				RunPart run = ui.part(RunPart.class, "Run", 380, 900);
				assertFalse(run.strategyItems().contains(ITEM));

				Shell strategiesShell = shell(ui, "Strategies");
				Widgets.find(strategiesShell, Text.class, "strategies.name").setText(NAME);
				press(Widgets.find(strategiesShell, Button.class, "strategies.new"));
				ui.await(() -> editor.content().contains("public final class " + NAME + " extends RulesStrategy"),
						Duration.ofSeconds(30), "the template in the editor");
				ui.await(() -> strategies.rows().contains(NAME + " | compiled | " + ID + " | "), Duration.ofSeconds(30),
						"the new strategy listed as compiled");
				ui.await(() -> run.strategyItems().contains(ITEM), Duration.ofSeconds(10), "the Run view offers it");

				// a syntax error typed into the editor: the semicolon after the stop loss goes
				Shell editorShell = shell(ui, "Strategy Editor");
				StyledText text = Widgets.find(editorShell, StyledText.class, "editor.text");
				String template = text.getText();
				String statement = "double stopPct = p.getDouble(\"stop_loss_pct\");";
				int semicolon = template.indexOf(statement) + statement.length() - 1;
				int line = text.getLineAtOffset(semicolon) + 1;
				text.replaceTextRange(semicolon, 1, "");
				key(text, 's', SWT.MOD1);
				ui.await(() -> !editor.problemLines().isEmpty(), Duration.ofSeconds(30), "the compile's errors");
				String error = editor.problemLines().get(0);
				assertTrue(error.startsWith(file + ":" + line + ":") && error.endsWith(": ';' expected"), error);
				assertEquals("Saved; 1 error: the strategy is not registered", editor.statusText());
				ui.await(() -> strategies.rows().stream().anyMatch(r -> r.startsWith(NAME + " | errors | — | " + file + ":" + line + ":")),
						Duration.ofSeconds(10), "the Strategies view shows the errors");
				ui.await(() -> !run.strategyItems().contains(ITEM), Duration.ofSeconds(10), "withdrawn from the Run view");

				List problems = Widgets.find(editorShell, List.class, "editor.problems");
				text.setCaretOffset(0);
				problems.select(0);
				problems.notifyListeners(SWT.Selection, new Event());
				assertEquals(line, editor.caretLine(), "choosing the error moves the caret to its line");

				key(text, 'z', SWT.MOD1);
				assertEquals(template, text.getText(), "undo puts the semicolon back");
				key(text, 'y', SWT.MOD1);
				assertFalse(text.getText().equals(template), "redo takes it out again");
				key(text, 'z', SWT.MOD1);
				key(text, 's', SWT.MOD1);
				ui.await(() -> editor.statusText().startsWith("Saved and compiled"), Duration.ofSeconds(30), "the fixed compile");
				assertEquals("Saved and compiled: strategy " + ID + " is ready in the Run view", editor.statusText());
				assertEquals(java.util.List.of(), editor.problemLines());
				assertEquals(template, Files.readString(file));
				ui.await(() -> run.strategyItems().contains(ITEM), Duration.ofSeconds(10), "the Run view offers it again");

				run.selectStrategy(ui.runs.strategy(ID));
				RunHandle backtest = run.run();
				assertNotNull(backtest, run.statusText());
				RunOutcome outcome = backtest.completion().get(60, java.util.concurrent.TimeUnit.SECONDS);
				assertEquals(RunState.COMPLETED, outcome.state(), outcome.message());
				assertTrue(outcome.rows().get(0).trades() > 0, "the template trades");

				// reopened, a file with errors shows what its last compile found
				text.replaceTextRange(semicolon, 1, "");
				key(text, 's', SWT.MOD1);
				ui.await(() -> editor.statusText().startsWith("Saved; 1 error"), Duration.ofSeconds(30), "the error again");
				editor.open(file);
				ui.await(() -> editor.statusText().equals("Last compile; 1 error: the strategy is not registered"),
						Duration.ofSeconds(10), "the last compile's errors on opening");
				assertTrue(editor.problemLines().get(0).startsWith(file + ":" + line + ":"), editor.problemLines().toString());

				Table table = Widgets.find(strategiesShell, Table.class, "strategies.table");
				ui.await(() -> Arrays.stream(table.getItems()).anyMatch(i -> i.getText(0).equals(NAME)), Duration.ofSeconds(10),
						"the row to select");
				table.setSelection(Arrays.stream(table.getItems()).filter(i -> i.getText(0).equals(NAME)).findFirst().orElseThrow());
				press(Widgets.find(strategiesShell, Button.class, "strategies.remove"));
				assertEquals("Removed " + NAME + " and its file", strategies.statusText());
				assertFalse(Files.exists(file));
				ui.await(() -> !run.strategyItems().contains(ITEM), Duration.ofSeconds(10), "gone from the Run view");
			} finally {
				if (Files.exists(file)) {
					workspace.remove(NAME);
				}
				tracker.close();
			}
		}
	}

	private static Shell shell(PartHarness ui, String title) {
		return Arrays.stream(ui.display.getShells()).filter(s -> title.equals(s.getText())).findFirst().orElseThrow();
	}

	private static void press(Button button) {
		button.notifyListeners(SWT.Selection, new Event());
	}

	private static void key(StyledText text, char key, int modifiers) {
		Event e = new Event();
		e.keyCode = key;
		e.character = key;
		e.stateMask = modifiers;
		text.notifyListeners(SWT.KeyDown, e);
	}
}
