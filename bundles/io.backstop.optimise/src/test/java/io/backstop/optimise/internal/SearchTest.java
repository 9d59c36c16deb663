package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.backstop.backtest.RunSettings;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepMetrics;

class SearchTest {

	@TempDir
	Path dir;

	static SearchSpec spec(SearchMethod method, int budget, long seed, int patience) {
		return spec("sma_crossover", method, budget, seed, patience);
	}

	static SearchSpec spec(String strategy, SearchMethod method, int budget, long seed, int patience) {
		return new SearchSpec(strategy, Fixtures.series(),
				List.of(ParameterRange.range("fast_period", 5, 50, 5), ParameterRange.range("slow_period", 20, 120, 10),
						ParameterRange.range("stop_loss_pct", 0, 4, 1)),
				RunSettings.defaults(), Objective.maximize(SweepMetrics.SHARPE), method, budget, seed, patience);
	}

	static SearchStatus finish(SearchHandle handle) throws Exception {
		return handle.completion().get(60, TimeUnit.SECONDS);
	}

	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void theSameSeedGivesTheSameEvaluationsAndBest(SearchMethod method) throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		SearchHandle first = optimiser.start(spec(method, 60, 42, 0));
		SearchHandle second = optimiser.start(spec(method, 60, 42, 0));
		SearchHandle other = optimiser.start(spec(method, 60, 43, 0));
		SearchStatus a = finish(first);
		SearchStatus b = finish(second);
		finish(other);
		assertEquals(SearchState.COMPLETED, a.state(), a.message());
		assertEquals("budget of 60 evaluations used", a.message());
		assertEquals(60, first.evaluations().size());
		assertEquals(first.evaluations(), second.evaluations());
		assertEquals(a.best(), b.best());
		assertTrue(!first.evaluations().equals(other.evaluations()), "another seed, other points");
		// each point at most once, and only points that keep fast_period < slow_period: the budget counts admitted ones
		assertEquals(60, new HashSet<>(first.evaluations().stream().map(Evaluation::parameters).toList()).size());
		assertTrue(first.evaluations().stream().allMatch(Evaluation::valid), "no refused point evaluated");
		assertTrue(first.evaluations().stream()
				.allMatch(e -> e.parameters().get("fast_period") < e.parameters().get("slow_period")));
		double best = first.evaluations().stream().filter(Evaluation::valid).mapToDouble(Evaluation::objective).max()
				.orElseThrow();
		assertEquals(best, a.best().objective());
		double[] curve = first.bestSoFar();
		assertEquals(best, curve[curve.length - 1]);
		for (int i = 1; i < curve.length; i++) {
			assertTrue(Double.isNaN(curve[i - 1]) || curve[i] >= curve[i - 1]);
		}
		assertEquals(61, Files.readAllLines(a.resultsFile()).size(), "a header and one line per evaluation");
	}

	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void aStopKeepsTheEvaluationsAndResumeEqualsAnUninterruptedRun(SearchMethod method) throws Exception {
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		Optimiser optimiser = Fixtures.optimiser(dir, signal);
		SearchSpec slow = spec(Fixtures.SlowSmaCrossover.ID, method, 80, 5, 0);
		SearchHandle uninterrupted = optimiser.start(slow);
		finish(uninterrupted);

		SearchHandle halted = optimiser.start(slow);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (halted.status().evaluations() < 25 && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		signal.raised = true;
		StepResult step = optimiser.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(3), line -> {
		}));
		assertEquals(StepStatus.CLEANED, step.status(), step.detail());
		SearchStatus stopped = halted.status();
		assertEquals(SearchState.STOPPED, stopped.state());
		int kept = stopped.evaluations();
		assertTrue(kept >= 25 && kept < 80, "partial: " + kept);
		assertEquals(kept + 1, Files.readAllLines(stopped.resultsFile()).size());
		assertEquals(uninterrupted.evaluations().subList(0, kept), halted.evaluations());
		assertThrows(WorkRefusedException.class, () -> optimiser.resume(halted.id()));

		signal.raised = false;
		// after a restart: a new service over the same directory knows the search from its files alone
		Optimiser restarted = Fixtures.optimiser(dir, signal);
		var saved = restarted.saved(halted.directory());
		assertEquals(SearchState.STOPPED, saved.state());
		assertEquals(slow.series().fingerprint(), saved.fingerprint());
		assertEquals(slow.series().firstTimestamp(), saved.firstTime());
		SearchHandle resumed = restarted.resume(halted.directory(), slow.series());
		assertEquals(halted.id(), resumed.id());
		SearchStatus end = finish(resumed);
		assertEquals(SearchState.COMPLETED, end.state(), end.message());
		assertEquals(uninterrupted.evaluations(), resumed.evaluations());
		assertEquals(uninterrupted.status().best(), end.best());
		assertEquals(81, Files.readAllLines(end.resultsFile()).size(), "each evaluation once on file");
		assertThrows(IllegalStateException.class, () -> restarted.resume(halted.id()));
	}

	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void patienceEndsASearchThatStopsImproving(SearchMethod method) throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		SearchHandle handle = optimiser.start(spec(method, 500, 3, 15));
		SearchStatus status = finish(handle);
		assertEquals("no better objective in 15 evaluations", status.message());
		List<Evaluation> all = handle.evaluations();
		int lastBest = all.indexOf(status.best());
		assertEquals(all.size() - 1, lastBest + 15);
	}

	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void aSmallSpaceEndsOnceEveryPointIsEvaluated(SearchMethod method) throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		SearchSpec small = new SearchSpec("sma_crossover", Fixtures.series(),
				List.of(ParameterRange.values("fast_period", 5, 10, 30), ParameterRange.values("slow_period", 20, 30, 40),
						ParameterRange.fixed("stop_loss_pct", 0)),
				RunSettings.defaults(), Objective.minimize(SweepMetrics.MAX_DRAWDOWN_PCT), method, 100, 1, 0);
		SearchStatus status = finish(optimiser.start(small));
		assertEquals(SearchState.COMPLETED, status.state());
		assertEquals("every one of the 7 points evaluated", status.message(), "9 points, 2 with fast_period >= slow_period");
		assertEquals(7, status.evaluations(), status.message());
		assertEquals(7, status.spaceSize());
		assertNotNull(status.best());
	}

	@ParameterizedTest
	@EnumSource(SearchMethod.class)
	void aSearchNeverBacktestsAPointTheConstraintsRefuse(SearchMethod method) throws Exception {
		Fixtures.RecordingSmaCrossover recording = new Fixtures.RecordingSmaCrossover();
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal(), recording);
		// fast 5..95 against slow 20..120: 42 % of the grid breaks fast_period < slow_period
		SearchSpec spec = new SearchSpec(Fixtures.RecordingSmaCrossover.ID, Fixtures.series(),
				List.of(ParameterRange.range("fast_period", 5, 95, 5), ParameterRange.range("slow_period", 20, 120, 10),
						ParameterRange.fixed("stop_loss_pct", 0)),
				RunSettings.defaults(), Objective.maximize(SweepMetrics.SHARPE), method, 40, 9, 0);
		SearchHandle handle = optimiser.start(spec);
		SearchStatus status = finish(handle);
		assertEquals("budget of 40 evaluations used", status.message());
		assertEquals(40, recording.backtests().size(), "one backtest per evaluation counted");
		assertTrue(recording.backtests().stream().allMatch(p -> p.getInt("fast_period") < p.getInt("slow_period")),
				"never a refused point: " + recording.backtests());
		assertTrue(handle.evaluations().stream().allMatch(Evaluation::valid));
	}

	@org.junit.jupiter.api.Test
	void rangesWithoutAnAdmittedPointAreRefusedInOneLine() {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
				() -> optimiser.start(new SearchSpec("sma_crossover", Fixtures.series(),
						List.of(ParameterRange.values("fast_period", 30, 40), ParameterRange.values("slow_period", 20, 30)),
						RunSettings.defaults(), Objective.maximize(SweepMetrics.SHARPE), SearchMethod.GENETIC, 10, 1, 0)));
		assertEquals("none of the 24 combinations keeps sma_crossover's constraint fast_period < slow_period",
				none.getMessage(), "2 x 2 x the 6 default stop losses");
	}

	@org.junit.jupiter.api.Test
	void badInputIsOneLineNamingTheField() {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
				() -> optimiser.start(new SearchSpec("sma_crossover", Fixtures.series(),
						List.of(ParameterRange.fixed("fast", 5)), RunSettings.defaults(),
						Objective.maximize(SweepMetrics.SHARPE), SearchMethod.RANDOM, 10, 1, 0)));
		assertTrue(unknown.getMessage().startsWith("unknown parameter fast of sma_crossover"), unknown.getMessage());
		IllegalArgumentException bounds = assertThrows(IllegalArgumentException.class,
				() -> optimiser.start(new SearchSpec("sma_crossover", Fixtures.series(),
						List.of(ParameterRange.fixed("fast_period", 1)), RunSettings.defaults(),
						Objective.maximize(SweepMetrics.SHARPE), SearchMethod.RANDOM, 10, 1, 0)));
		assertEquals("parameter fast_period = 1 is outside [2, 500]", bounds.getMessage());
		IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
				() -> optimiser.start(new SearchSpec("sma_crossover", Fixtures.series(), List.of(),
						RunSettings.defaults(), Objective.maximize("alpha"), SearchMethod.RANDOM, 10, 1, 0)));
		assertTrue(metric.getMessage().startsWith("objective: unknown metric alpha"), metric.getMessage());
		assertEquals("budget must be between 1 and 10,000,000 evaluations, not 0",
				assertThrows(IllegalArgumentException.class, () -> spec(SearchMethod.RANDOM, 0, 1, 0)).getMessage());
		assertEquals("method: 'grid' is not one of random, genetic, cmaes",
				assertThrows(IllegalArgumentException.class, () -> SearchMethod.parse("grid")).getMessage());
	}
}
