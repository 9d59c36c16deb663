package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.RunSettings;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.data.SampleData;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.Heatmap;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchStatus;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepMetrics;

/**
 * A run whose equity reached zero can carry the best Sharpe ratio of all (returns on an equity that
 * vanishes); no search, heatmap or ranking offers it as the best while a run that was not ruined exists.
 */
class RuinedRunsTest {

	@TempDir
	Path dir;

	@Test
	void aSearchsBestIsARunThatWasNotRuinedThoughARuinedOneHadAHigherSharpe() throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal(), new BollingerZscoreStrategy());
		SearchSpec spec = new SearchSpec("bollinger_zscore", SampleData.loadBtcusdt5m(),
				List.of(ParameterRange.range("bb_period", 10, 60, 5), ParameterRange.values("entry_z", 1.0, 1.5, 2.0, 2.5),
						ParameterRange.values("k_sl", 1.0, 2.0, 3.0)),
				RunSettings.defaults(), Objective.maximize(SweepMetrics.SHARPE), SearchMethod.RANDOM, 60, 3, 0);
		SearchHandle search = optimiser.start(spec);
		SearchStatus status = search.completion().get(120, TimeUnit.SECONDS);
		List<Evaluation> evaluations = search.evaluations();

		Evaluation best = status.best();
		double bestRuinedSharpe = evaluations.stream().filter(e -> e.valid() && e.ruined())
				.mapToDouble(Evaluation::objective).max().orElse(Double.NaN);
		assertTrue(bestRuinedSharpe > best.objective(), "the sample has a ruined run of a higher Sharpe ("
				+ bestRuinedSharpe + ") than the best survivor (" + best.objective() + "), or this test shows nothing");
		assertFalse(best.ruined(), "best: " + best);
		assertTrue(evaluations.stream().filter(e -> e.valid() && !e.ruined())
				.allMatch(e -> e.objective() <= best.objective()), "the best survivor");
	}

	@Test
	void aHeatmapCellShowsTheRunThatWasNotRuined() {
		Evaluation ruined = evaluation(0, 3.86, 0, 100);
		Evaluation survivor = evaluation(1, 0.4, 11_000, 12);
		Heatmap map = Heatmap.of(List.of(ruined, survivor), new double[] { 30 }, new double[] { 1.5 }, SweepMetrics.SHARPE,
				true, "bb_period", "entry_z", Map.of(), List.of());

		assertEquals(0.4, map.values()[0][0]);
		assertEquals(survivor.parameters(), map.parametersAt(0, 0));
	}

	private static Evaluation evaluation(int index, double sharpe, double finalEquity, double maxDrawdownPct) {
		Map<String, Double> parameters = new LinkedHashMap<>();
		parameters.put("bb_period", 30.0);
		parameters.put("entry_z", 1.5);
		parameters.put("k_sl", index + 1.0);
		Map<String, Double> figures = Map.of(SweepMetrics.SHARPE, sharpe, SweepMetrics.FINAL_EQUITY, finalEquity,
				SweepMetrics.MAX_DRAWDOWN_PCT, maxDrawdownPct);
		return new Evaluation(index, parameters, figures, sharpe);
	}
}
