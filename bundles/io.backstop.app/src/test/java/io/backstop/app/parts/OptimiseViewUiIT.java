package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.junit.jupiter.api.Test;

import io.backstop.optimise.Heatmap;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchState;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;

/** The Optimise view on the sample: a genetic search's heatmap, a click that backtests a cell, a walk-forward. */
class OptimiseViewUiIT {

	@Test
	void heatmapOfASearchBacktestsAClickedCellAndWalkForwardShowsItsWindows() throws Exception {
		try (PartHarness harness = new PartHarness()) {
			if (harness.runs.series().isEmpty()) {
				harness.runs.openSample();
			}
			OptimisePart part = harness.part(OptimisePart.class, "Optimise", 1100, 720);
			part.fill("sma_crossover", SearchMethod.GENETIC, 80, 3, 6000, 3000);
			part.startSearch();
			harness.await(() -> part.search() != null && part.search().status().state().isFinished(), Duration.ofSeconds(120),
					"the search to end");
			harness.await(() -> part.heatmap() != null && !Double.isNaN(part.heatmap().valueRange()[1]), Duration.ofSeconds(5),
					"the heatmap");
			assertEquals(SearchState.COMPLETED, part.search().status().state(), part.search().status().message());
			harness.await(() -> part.status().getText().contains("80 of 80 evaluations"), Duration.ofSeconds(5),
					"the status line to show the end, not " + part.status().getText());
			assertTrue(part.bestSoFarSeries().getItemCount() > 0, "the best-so-far curve");
			Heatmap map = part.heatmap();
			assertEquals("fast_period", map.x());
			assertEquals("slow_period", map.y());
			harness.await(() -> !part.overfitting().getText().isEmpty(), Duration.ofSeconds(60), "the overfitting checks");
			assertTrue(part.overfitting().getText().matches("(?s)Deflated Sharpe [\\d.]+ %: .*\\R+PBO [\\d.]+ %: .*"),
					part.overfitting().getText());
			screenshot(harness, part.heatmapCanvas().getShell(), "optimise-heatmap.png");
			RunHandle searchRun = harness.runs.find(part.search().id()).orElseThrow();
			assertEquals(RunKind.SEARCH, searchRun.kind(), "the search is run-service work, in Progress like a sweep");
			assertTrue(harness.runs.results().stream().anyMatch(r -> r.runId().equals(searchRun.id())), "its rows in Results");
			assertTrue(notEvaluatedCells(map) > 0, "80 evaluations of the grid leave cells not evaluated");

			part.othersFixed(true);
			Heatmap fixed = part.heatmap();
			assertEquals(Map.of("stop_loss_pct", part.search().status().best().parameters().get("stop_loss_pct")), fixed.fixed());
			assertTrue(notEvaluatedCells(fixed) >= notEvaluatedCells(map));
			screenshot(harness, part.heatmapCanvas().getShell(), "optimise-heatmap-fixed.png");
			part.othersFixed(false);
			map = part.heatmap();

			int[] cell = bestCell(map);
			Map<String, Double> parameters = map.parametersAt(cell[0], cell[1]);
			Point centre = part.cellCentre(cell[0], cell[1]);
			int before = harness.runs.runs().size();
			part.backtestCell(centre.x, centre.y);
			harness.await(() -> harness.runs.runs().size() > before, Duration.ofSeconds(10), "the cell's backtest");
			RunHandle backtest = harness.runs.runs().get(harness.runs.runs().size() - 1);
			assertEquals(RunKind.BACKTEST, backtest.kind());
			parameters.forEach((name, value) -> assertEquals(Double.toString(value),
					Double.toString(Double.parseDouble(backtest.request().parameters().get(name).text())), name));
			assertTrue(part.status().getText().startsWith("Backtest " + backtest.id()), part.status().getText());

			part.startWalkForward();
			harness.await(() -> part.walkForward() != null && part.walkForward().result().state().isFinished(),
					Duration.ofSeconds(180), "the walk-forward to end");
			harness.await(() -> part.windowTable().getItemCount() == 3, Duration.ofSeconds(5), "the windows");
			assertEquals(SearchState.COMPLETED, part.walkForward().result().state(), part.walkForward().result().message());
			assertEquals(1, part.tabs().getSelectionIndex());
			assertEquals(9000, part.walkForward().result().stitchedEquity().length);
			screenshot(harness, part.windowTable().getShell(), "optimise-walkforward.png");
		}
	}

	private static int notEvaluatedCells(Heatmap map) {
		int n = 0;
		for (int r = 0; r < map.yValues().length; r++) {
			for (int c = 0; c < map.xValues().length; c++) {
				n += map.notEvaluated(r, c) ? 1 : 0;
			}
		}
		return n;
	}

	private static int[] bestCell(Heatmap map) {
		double[] range = map.valueRange();
		for (int r = 0; r < map.yValues().length; r++) {
			for (int c = 0; c < map.xValues().length; c++) {
				if (map.values()[r][c] == range[1]) {
					return new int[] { r, c };
				}
			}
		}
		throw new AssertionError("no cell holds the best value");
	}

	/** Saves what the shell shows under the directory of {@code backstop.screenshots} (else target/screenshots). */
	private static void screenshot(PartHarness harness, Control shell, String name) throws Exception {
		harness.flush();
		Thread.sleep(200);
		harness.flush();
		Point size = shell.getSize();
		Image image = new Image(harness.display, size.x, size.y);
		GC gc = new GC(shell);
		gc.copyArea(image, 0, 0);
		gc.dispose();
		ImageData data = image.getImageData();
		image.dispose();
		Path dir = Path.of(System.getProperty("backstop.screenshots", "target/screenshots"));
		Files.createDirectories(dir);
		ImageLoader loader = new ImageLoader();
		loader.data = new ImageData[] { data };
		loader.save(dir.resolve(name).toString(), SWT.IMAGE_PNG);
	}
}
