package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.SyntheticSeries;
import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepSpec;

class GridAndTopKTest {

	private final StrategyRegistry registry = Fixtures.builtIns();

	@Test
	void indexDecodesToTheOriginalGridOrder() {
		SweepSpec spec = Fixtures.referenceGrid(SyntheticSeries.generate(1, 100), 1);
		Grid grid = Grid.of(registry.get("bollinger_zscore"), spec);
		List<BollingerZscoreKernel.Combo> reference = BollingerZscoreKernel.referenceGrid();
		assertEquals(270, grid.total());
		assertEquals(List.of("bb_period", "entry_z", "k_sl", "leverage"), grid.names());
		double[] v = new double[grid.parameterCount()];
		for (int i = 0; i < 270; i++) {
			grid.decode(i, v);
			BollingerZscoreKernel.Combo c = reference.get(i);
			assertArrayEquals(new double[] { c.bbPeriod(), c.entryZ(), c.kSl(), c.leverage() }, v, "combo " + i);
			assertEquals(c.entryZ(), spec.parametersAt(i).getDouble("entry_z"));
		}
	}

	/**
	 * A block is a run of consecutive combinations over which the slowest parameters keep their
	 * values: the first range's without constraints, the constrained ones' with them.
	 */
	@Test
	void blocksAreTheRunsOverWhichTheSlowestParametersKeepTheirValues() {
		var series = SyntheticSeries.generate(1, 100);
		Grid plain = Grid.of(registry.get("bollinger_zscore"), Fixtures.referenceGrid(series, 1));
		assertEquals(30, plain.block(), "9 periods, then 5 z-scores times 6 stop multiples");
		assertBlocksKeep(plain, List.of("bb_period"));

		Grid constrained = Grid.of(registry.get("sma_crossover"), SweepSpec.builder("sma_crossover", series)
				.range("fast_period", 5, 30, 5).range("slow_period", 20, 60, 10).range("stop_loss_pct", 0, 4, 1).build());
		assertEquals(5, constrained.block(), "the stop loss's five values for each admitted pair of periods");
		assertBlocksKeep(constrained, List.of("fast_period", "slow_period"));
	}

	private static void assertBlocksKeep(Grid grid, List<String> slowest) {
		double[] first = new double[grid.parameterCount()];
		double[] other = new double[grid.parameterCount()];
		int changes = 0;
		for (long start = 0; start < grid.total(); start += grid.block()) {
			grid.decode(start, first);
			for (long i = start + 1; i < Math.min(grid.total(), start + grid.block()); i++) {
				grid.decode(i, other);
				for (String name : slowest) {
					int at = grid.names().indexOf(name);
					assertEquals(first[at], other[at], name + " within the block from " + start + " at " + i);
				}
			}
			if (start > 0) {
				grid.decode(start - 1, other);
				changes += slowest.stream().anyMatch(n -> first[grid.names().indexOf(n)] != other[grid.names().indexOf(n)])
						? 1 : 0;
			}
		}
		assertEquals(grid.total() / grid.block() - 1, changes, "every block starts with new values of " + slowest);
	}

	@Test
	void rangesRoundToTwelveDecimalsAndIncludeTheStop() {
		assertArrayEquals(new double[] { 1.0, 1.1, 1.2, 1.3 }, ParameterRange.range("x", 1.0, 1.3, 0.1).values());
		assertEquals(41, ParameterRange.range("x", 1.0, 3.0, 0.05).size());
		assertThrows(IllegalArgumentException.class, () -> ParameterRange.range("x", 2, 1, 1));
		assertThrows(IllegalArgumentException.class, () -> ParameterRange.range("x", 1, 2, 0));
		assertThrows(IllegalArgumentException.class, () -> ParameterRange.values("x"));
	}

	@Test
	void badSpecsAreRefusedWithTheNameOfWhatIsWrong() {
		var series = SyntheticSeries.generate(1, 100);
		var strategy = registry.get("bollinger_zscore");
		IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Grid.of(strategy,
				SweepSpec.builder("bollinger_zscore", series).range("bb_perod", 10, 20, 5).build()));
		assertTrue(unknown.getMessage().contains("bb_perod"), unknown.getMessage());
		IllegalArgumentException outside = assertThrows(IllegalArgumentException.class, () -> Grid.of(strategy,
				SweepSpec.builder("bollinger_zscore", series).range("bb_period", 1, 20, 1).build()));
		assertTrue(outside.getMessage().contains("bb_period"), outside.getMessage());
		assertThrows(IllegalArgumentException.class,
				() -> SweepSpec.builder("bollinger_zscore", series).values("k_sl", 1).values("k_sl", 2).build());
		assertThrows(IllegalArgumentException.class,
				() -> SweepSpec.builder("bollinger_zscore", series).values("k_sl", 1).topK(0).build());
	}

	/** An objective and a figure that splits some of its ties; neither says whether a run was ruined. */
	private static final List<String> TWO_FIGURES = List.of("objective", "tie_breaker");

	@Test
	void aRuinedRunRanksAfterEveryRunThatWasNotWhateverItsObjective() {
		// a run ruined part way can show the best Sharpe and the lowest volatility of all
		double[] ruined = figures(3.86, 0, 100, 5.0);
		double[] poor = figures(-0.2, 9_000, 30, 40.0);
		double[] fair = figures(0.5, 12_000, 20, 30.0);
		double[] good = figures(1.0, 11_000, 15, 20.0);
		for (Objective objective : List.of(Objective.maximize(SweepMetrics.SHARPE),
				Objective.minimize(SweepMetrics.VOLATILITY_PCT))) {
			int at = SweepMetrics.FIGURES.indexOf(objective.metric());
			TopK four = new TopK(4, objective.direction(), SweepMetrics.FIGURES);
			TopK three = new TopK(3, objective.direction(), SweepMetrics.FIGURES);
			double[][] runs = { ruined, poor, fair, good };
			for (int i = 0; i < runs.length; i++) {
				four.offer(i, runs[i][at], new double[] { i }, runs[i]);
				three.offer(i, runs[i][at], new double[] { i }, runs[i]);
			}
			// by either objective: good, fair, poor, then the ruined run
			List<Long> expected = List.of(3L, 2L, 1L, 0L);
			assertEquals(expected, four.sorted().stream().map(TopK.Entry::index).toList(), objective.toString());
			assertEquals(expected.subList(0, 3), three.sorted().stream().map(TopK.Entry::index).toList(),
					"a ruined run is not kept while there are better survivors: " + objective);
		}
	}

	/** Every figure of a run, 0 but those named. */
	private static double[] figures(double sharpe, double finalEquity, double maxDrawdownPct, double volatilityPct) {
		double[] figures = new double[SweepMetrics.FIGURES.size()];
		figures[SweepMetrics.FIGURES.indexOf(SweepMetrics.SHARPE)] = sharpe;
		figures[SweepMetrics.FIGURES.indexOf(SweepMetrics.FINAL_EQUITY)] = finalEquity;
		figures[SweepMetrics.FIGURES.indexOf(SweepMetrics.MAX_DRAWDOWN_PCT)] = maxDrawdownPct;
		figures[SweepMetrics.FIGURES.indexOf(SweepMetrics.VOLATILITY_PCT)] = volatilityPct;
		return figures;
	}

	@Test
	void topKIsTheSameWhateverTheArrivalOrder() {
		Random random = new Random(7);
		double[] objective = new double[500];
		for (int i = 0; i < objective.length; i++) {
			objective[i] = i % 50 == 0 ? Double.NaN : Math.round(random.nextGaussian() * 4) / 4.0; // many ties
		}
		for (Objective.Direction direction : Objective.Direction.values()) {
			List<TopK.Entry> reference = null;
			for (int round = 0; round < 5; round++) {
				List<Integer> order = new ArrayList<>();
				for (int i = 0; i < objective.length; i++) {
					order.add(i);
				}
				Collections.shuffle(order, new Random(round));
				TopK top = new TopK(10, direction, TWO_FIGURES);
				for (int i : order) {
					// two figures: the objective and a second one that splits some of its ties
					top.offer(i, objective[i], new double[] { i }, new double[] { objective[i], i % 3 });
				}
				List<TopK.Entry> kept = top.sorted();
				if (reference == null) {
					reference = kept;
				}
				assertEquals(describe(reference), describe(kept));
			}
			for (int k = 1; k < reference.size(); k++) {
				assertTrue(new TopK(10, direction, TWO_FIGURES).compare(reference.get(k - 1).objective(), reference.get(k - 1).metrics(),
						reference.get(k).objective(), reference.get(k).metrics()) < 0, "distinct outcomes, best first");
				assertTrue(!Double.isNaN(reference.get(k).objective()));
			}
			for (TopK.Entry e : reference) {
				long sharing = 0;
				long first = Long.MAX_VALUE;
				for (int i = 0; i < objective.length; i++) {
					if (objective[i] == e.objective() && i % 3 == e.metrics()[1]) {
						sharing++;
						first = Math.min(first, i);
					}
				}
				assertEquals(sharing, e.sameOutcome(), "every combination of the outcome counted");
				assertEquals(first, e.index(), "shown by its first combination");
			}
		}
	}

	private static List<String> describe(List<TopK.Entry> entries) {
		return entries.stream().map(e -> e.index() + ":" + e.objective() + "x" + e.sameOutcome()).toList();
	}

	@Test
	void doneSetCountsWatermarkAndRoundTrips() {
		DoneSet set = new DoneSet(200);
		for (long i = 0; i < 70; i++) {
			set.markDone(i);
		}
		set.markDone(150);
		set.markDone(199);
		assertEquals(72, set.count());
		long[] bits = set.snapshot();
		assertEquals(70, DoneSet.watermark(bits, 200));
		DoneSet copy = DoneSet.of(200, bits);
		assertEquals(72, copy.count());
		assertTrue(copy.isDone(199) && copy.isDone(150) && copy.isDone(69) && !copy.isDone(70));
		copy.clear(150);
		assertEquals(71, copy.count());
		assertThrows(IllegalArgumentException.class, () -> new DoneSet(io.backstop.sweep.SweepService.MAX_COMBINATIONS + 1));
	}
}
