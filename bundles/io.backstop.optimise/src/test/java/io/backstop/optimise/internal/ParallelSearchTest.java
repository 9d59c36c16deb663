package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.backstop.backtest.RunSettings;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.optimise.WalkForwardResult;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepMetrics;

/** Batches evaluated in parallel record exactly what one point at a time records. */
class ParallelSearchTest {

	@TempDir
	Path dir;

	/** Four parameters, 15,443 points: batches of new points in every generation. */
	static SearchSpec fourParameters(SearchMethod method, int budget, long seed, int patience) {
		return new SearchSpec("bollinger_atr", Fixtures.series(),
				List.of(ParameterRange.range("bb_period", 10, 60, 2), ParameterRange.range("bb_std", 1, 3.5, 0.25),
						ParameterRange.range("atr_period", 5, 30, 5), ParameterRange.range("atr_k", 1, 5, 0.5)),
				RunSettings.defaults(), Objective.maximize(SweepMetrics.PROFIT_FACTOR), method, budget, seed, patience);
	}

	private static SearchStatus finish(SearchHandle handle) throws Exception {
		return handle.completion().get(120, TimeUnit.SECONDS);
	}

	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void theSameSeedGivesTheSameResultsFileOneAtATimeAndInParallel(SearchMethod method) throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		for (SearchSpec spec : List.of(fourParameters(method, 400, 9, 0), fourParameters(method, 400, 3, 40),
				SearchTest.spec(method, 90, 17, 0))) {
			SearchHandle oneAtATime = optimiser.start(spec, new Placement(1, false));
			SearchHandle parallel = optimiser.start(spec, new Placement(4, false));
			SearchStatus one = finish(oneAtATime);
			SearchStatus four = finish(parallel);
			assertEquals(SearchState.COMPLETED, four.state(), four.message());
			assertEquals(one.message(), four.message());
			assertEquals(Files.readAllLines(one.resultsFile()), Files.readAllLines(four.resultsFile()),
					"the same evaluations in the same order, figure for figure");
			assertEquals(one.best(), four.best());
			assertArrayEquals(oneAtATime.bestSoFar(), parallel.bestSoFar());
			assertTrue(one.evaluations() > 20, "a search of several batches: " + one.evaluations());
		}
	}

	/**
	 * A search stopped after any number of evaluations resumes to the uninterrupted run's file: its first
	 * batches mix replayed points (some asked twice in a batch) with new ones.
	 */
	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void aSearchStoppedAfterAnyEvaluationResumesToTheSameFile(SearchMethod method) throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		SearchSpec spec = SearchTest.spec(method, 80, 23, 0);
		SearchStatus whole = finish(optimiser.start(spec, new Placement(2, false)));
		List<String> lines = Files.readAllLines(whole.resultsFile());
		SearchSpace space = SearchSpace.of(Fixtures.builtIns().get(spec.strategyId()), spec.ranges());
		for (int kept = 1; kept < 80; kept += 3) {
			Path stopped = dir.resolve(method + "-stopped-after-" + kept);
			Files.createDirectories(stopped);
			Files.write(stopped.resolve(SearchFiles.RESULTS), lines.subList(0, kept + 1));
			SearchFiles.writeCheckpoint(stopped, "stopped-after-" + kept, spec, space, SearchState.STOPPED, kept, "halted");
			SearchStatus resumed = finish(optimiser.resume(stopped, spec.series(), new Placement(2, false)));
			assertEquals(SearchState.COMPLETED, resumed.state(), resumed.message());
			assertEquals(lines, Files.readAllLines(resumed.resultsFile()), "resumed after " + kept + " evaluations");
		}
	}

	@Test
	void aWalkForwardInParallelEqualsOneAtATime() throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		WalkForwardSpec spec = new WalkForwardSpec(SearchTest.spec(SearchMethod.CMAES, 40, 5, 0), 3, 800, 400, false);
		WalkForwardResult one = optimiser.walkForward(spec, new Placement(1, false)).completion().get(60, TimeUnit.SECONDS);
		WalkForwardResult four = optimiser.walkForward(spec, new Placement(4, false)).completion().get(60, TimeUnit.SECONDS);
		assertEquals(SearchState.COMPLETED, four.state(), four.message());
		assertEquals(one.windows().stream().map(w -> List.of(w.parameters(), w.outMetrics())).toList(),
				four.windows().stream().map(w -> List.of(w.parameters(), w.outMetrics())).toList());
		assertArrayEquals(one.stitchedEquity(), four.stitchedEquity());
	}

	@Test
	void aPointsNumberIsTheOneItsGridGivesIt() {
		// with constraints (fast_period < slow_period numbered first) and without
		for (SearchSpace space : List.of(SearchSpace.of(Fixtures.builtIns().get("sma_crossover"), SearchTest.spec(
				SearchMethod.RANDOM, 1, 1, 0).ranges()),
				SearchSpace.of(Fixtures.builtIns().get("bollinger_atr"), fourParameters(SearchMethod.RANDOM, 1, 1, 0).ranges()))) {
			for (long index = 0; index < space.size(); index++) {
				assertEquals(index, space.indexOf(space.pointAt(index)));
			}
		}
	}
}
