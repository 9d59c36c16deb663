package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.service.cm.Configuration;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.app.model.ResultsTable;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildSession;
import io.backstop.builder.BuilderService;
import io.backstop.strategies.workspace.StrategyWorkspace;

/**
 * The strategy builder end to end in the workbench's views, against a loopback server that answers
 * like Ollama with a scripted model: Build in the Builder view runs a session whose iteration shows
 * with its figures, Promote adds its strategy to the workspace with the best tested parameters as its
 * defaults, and the Run view offers it and backtests it into the Results view.
 */
class BuilderViewUiIT {

	private static final String MODEL = "test-model";
	private static final String NAME = "UiTrend";
	private static final String ID = "ui_trend";

	private static final String PROPOSAL = "{\"idea\": \"SMA trend with a slow filter\", \"indicators\": [\"sma\"],"
			+ " \"rules\": \"long on an upward cross, short on a downward one\","
			+ " \"parameters\": [{\"name\": \"fast\", \"default\": 9}]}";
	/** Written as the model pleases: another class name and id than the builder asks for. */
	private static final String CODE = """
			Here is the strategy:
			```java
			import java.util.List;
			import io.backstop.backtest.*;
			import io.backstop.data.OhlcvSeries;
			import io.backstop.indicators.Indicators;

			public class ScriptedTrend extends RulesStrategy {
				public ScriptedTrend() {
					super("scripted_trend", "Scripted trend", "Long when the fast SMA crosses above the slow one, short below.",
							List.of(ParameterSpec.ofInt("fast", 9, 2, 100, 5, 25, 10, "fast SMA"),
									ParameterSpec.ofInt("slow", 40, 10, 300, 30, 110, 40, "slow SMA")));
				}

				@Override
				protected SignalRules rules(OhlcvSeries series, Parameters p, IndicatorLookup indicators) {
					return new Crossing(indicators.column(Indicators.SMA, 0, p.getInt("fast")),
							indicators.column(Indicators.SMA, 0, p.getInt("slow")));
				}

				private record Crossing(double[] fast, double[] slow) implements SignalRules {
					public int firstBar() {
						return firstDefined(fast, slow) + 1;
					}

					public void signals(int from, int to, Signals out) {
						for (int i = from; i < to; i++) {
							out.entry(i, cross(fast, slow, i));
						}
					}
				}
			}
			```
			""";
	private static final String ANALYSIS = "{\"analysis\": \"follows the trend\", \"next\": \"filter the chop\"}";

	@Test
	void aScriptedSessionShowsItsFiguresPromoteKeepsTheBestParametersAndTheRunViewBacktestsIt() throws Exception {
		try (PartHarness ui = new PartHarness();
				LlmOptimisationUiIT.LoopbackOllama ollama = new LlmOptimisationUiIT.LoopbackOllama(PROPOSAL, CODE, ANALYSIS)) {
			Configuration server = LlmOptimisationUiIT.useServer(ui, ollama.url());
			ServiceTracker<StrategyWorkspace, StrategyWorkspace> workspaces = new ServiceTracker<>(ui.bundleContext,
					StrategyWorkspace.class, null);
			workspaces.open();
			ServiceTracker<BuilderService, BuilderService> builders = new ServiceTracker<>(ui.bundleContext,
					BuilderService.class, null);
			builders.open();
			StrategyWorkspace workspace = workspaces.waitForService(20_000);
			BuilderService builder = builders.waitForService(20_000);
			assertNotNull(workspace, "the workspace strategies service");
			assertNotNull(builder, "the builder service");
			Path file = workspace.directory().resolve(NAME + ".java");
			try {
				ui.runs.openSample();
				ui.part(BuilderPart.class, "Builder", 1300, 700);
				RunPart run = ui.part(RunPart.class, "Run", 380, 900);
				ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
				Shell view = shell(ui, "Builder");
				Widgets.find(view, Text.class, "builder.objective").setText("a trend follower for BTC 5m that avoids chop");
				Widgets.find(view, Spinner.class, "builder.iterations").setSelection(1);
				Widgets.find(view, Text.class, "builder.model").setText(MODEL);
				press(Widgets.find(view, Button.class, "builder.start"));
				Label status = Widgets.find(view, Label.class, "builder.status");
				assertTrue(status.getText().startsWith("Started session "), status.getText());
				String sessionId = status.getText().substring("Started session ".length()).split(" ")[0];

				Label summary = Widgets.find(view, Label.class, "builder.summary");
				Table iterations = Widgets.find(view, Table.class, "builder.iterations.table");
				ui.await(() -> summary.getText().startsWith("Session " + sessionId + " (completed)")
						&& iterations.getItemCount() == 1, Duration.ofSeconds(120), "the session to complete: " + summary.getText());
				BuildSession session = builder.find(sessionId).orElseThrow();
				BuildIteration tested = session.iterations().get(0);
				TableItem row = iterations.getItem(0);
				assertEquals("01", row.getText(0));
				assertEquals("tested", row.getText(1), row.getText(10));
				assertTrue(number(row.getText(6)) > 0, "trades shown: " + row.getText(6));
				assertEquals(tested.figures().get("trades"), number(row.getText(6)), 0.5, "the trades the view shows");
				assertEquals("10", row.getText(7), "the default run and 9 combinations of the small sweep");
				assertEquals("SMA trend with a slow filter", row.getText(9));
				assertTrue(Widgets.find(view, StyledText.class, "builder.source").getText()
						.contains("public class " + tested.className() + " extends RulesStrategy"), "the source shown");

				Widgets.find(view, Text.class, "builder.promote.name").setText(NAME);
				press(Widgets.find(view, Button.class, "builder.promote"));
				Map<String, Double> best = tested.parameters();
				ui.await(() -> !status.getText().startsWith("Promoting "), Duration.ofSeconds(60), "the promotion's line");
				assertTrue(status.getText().startsWith("Promoted to " + NAME + ".java: strategy " + ID + " is in the Run view; "),
						status.getText());
				boolean better = best.get("fast") != 9 || best.get("slow") != 40;
				assertTrue(status.getText().endsWith(better ? "defaults from the best tested combination: "
						+ changes(best) : "keeps the model's defaults: they were the best tested combination"), status.getText());

				ui.await(() -> run.strategyItems().contains("Scripted trend (" + ID + ")"), Duration.ofSeconds(30),
						"the Run view offers the promoted strategy");
				Strategy promoted = ui.runs.strategy(ID);
				Map<String, Double> defaults = new LinkedHashMap<>();
				for (ParameterSpec p : promoted.parameters()) {
					defaults.put(p.name(), p.defaultValue());
				}
				assertEquals(best, defaults, "the promoted strategy's defaults are the best tested combination");
				run.selectStrategy(promoted);
				assertEquals(Long.toString(Math.round(best.get("fast"))), run.shownInputs().get("fast"));

				press(run.runButton());
				int strategy = ResultsTable.index("Strategy");
				int trades = ResultsTable.index("Trades");
				ui.await(() -> results.rows().size() == 1, Duration.ofSeconds(60), "the backtest's row in Results");
				String[] result = results.rows().get(0);
				assertEquals(ID, result[strategy]);
				assertTrue(number(result[trades]) > 0, "it trades: " + result[trades]);
				assertEquals(tested.figures().get("trades"), number(result[trades]), 0.5,
						"the backtest at the promoted defaults is the session's best run");
			} finally {
				builder.haltAll("test over");
				if (Files.exists(file)) {
					workspace.remove(NAME);
				}
				server.delete();
				workspaces.close();
				builders.close();
			}
		}
	}

	/** {@code fast 9 -> 25, slow 40 -> 110}, as promote words the defaults it changed. */
	private static String changes(Map<String, Double> best) {
		Map<String, Integer> written = Map.of("fast", 9, "slow", 40);
		StringBuilder text = new StringBuilder();
		for (String name : new String[] { "fast", "slow" }) {
			long value = Math.round(best.get(name));
			if (value != written.get(name)) {
				text.append(text.isEmpty() ? "" : ", ").append(name).append(' ').append(written.get(name)).append(" -> ")
						.append(value);
			}
		}
		return text.toString();
	}

	private static double number(String shown) {
		return Double.parseDouble(shown.replace(",", ""));
	}

	private static Shell shell(PartHarness ui, String title) {
		return Arrays.stream(ui.display.getShells()).filter(s -> title.equals(s.getText())).findFirst().orElseThrow();
	}

	private static void press(Button button) {
		button.notifyListeners(SWT.Selection, new Event());
	}
}
