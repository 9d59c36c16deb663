package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Metrics;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardResult;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.optimise.WalkForwardWindow;

class WalkForwardTest {

	@TempDir
	Path dir;

	static WalkForwardSpec spec(boolean anchored) {
		return spec("sma_crossover", anchored);
	}

	static WalkForwardSpec spec(String strategy, boolean anchored) {
		return new WalkForwardSpec(SearchTest.spec(strategy, SearchMethod.RANDOM, 30, 11, 0), 4, 800, 400, anchored);
	}

	static WalkForwardResult finish(WalkForwardHandle handle) throws Exception {
		return handle.completion().get(60, TimeUnit.SECONDS);
	}

	@Test
	void outOfSamplePartsCoverTheDataWithoutOverlapAndTheStitchedCurveChainsTheirBacktests() throws Exception {
		for (boolean anchored : new boolean[] { false, true }) {
			Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
			WalkForwardSpec spec = spec(anchored);
			WalkForwardResult result = finish(optimiser.walkForward(spec));
			assertEquals(SearchState.COMPLETED, result.state(), result.message());
			List<WalkForwardWindow> windows = result.windows();
			assertEquals(4, windows.size());
			OhlcvSeries series = spec.search().series();
			assertEquals(series.size(), windows.get(3).outTo(), "the last window ends at the last bar");
			for (int k = 0; k < 4; k++) {
				WalkForwardWindow w = windows.get(k);
				assertEquals(400, w.outTo() - w.inTo());
				assertEquals(anchored ? spec.firstBar() : w.inTo() - 800, w.inFrom());
				if (k > 0) {
					assertEquals(windows.get(k - 1).outTo(), w.inTo(), "out-of-sample parts follow each other");
				}
			}
			Strategy strategy = Fixtures.builtIns().get("sma_crossover");
			double capital = spec.search().settings().initialCapital();
			double[] chained = new double[0];
			for (WalkForwardWindow w : windows) {
				assertEquals(capital, w.capital(), "each window starts with the previous one's final equity");
				// the window's backtest with its in-sample bars before it for the indicators, untradable
				int warm = w.inTo() - w.inFrom();
				BacktestResult r = strategy.run(spec.outOfSampleTest(w.index()),
						Parameters.of(w.parameters()), spec.search().settings().withCapital(capital), CancellationToken.NONE);
				double[] e = java.util.Arrays.copyOfRange(r.equity(), warm, warm + 400);
				for (int t = 0; t < warm; t++) {
					assertEquals(capital, r.equity()[t], "no trade before the window");
				}
				long windowStart = series.timestamps()[w.inTo()];
				r.trades().forEach(trade -> assertTrue(trade.entryTime() >= windowStart, "trades only inside the window"));
				Metrics m = Metrics.compute(e, e.length, series.slice(w.inTo(), w.outTo()).timestamps(), r.trades(), capital);
				assertEquals(m.totalReturn() * m.periodsPerYear() / 400, w.outAnnualReturn(), 1e-12);
				double[] joined = java.util.Arrays.copyOf(chained, chained.length + e.length);
				System.arraycopy(e, 0, joined, chained.length, e.length);
				chained = joined;
				capital = e[e.length - 1];
			}
			assertArrayEquals(chained, result.stitchedEquity());
			assertEquals(1600, result.stitchedTimes().length);
			assertEquals(series.timestamps()[series.size() - 1600], result.stitchedTimes()[0]);
			assertTrue(Files.exists(optimiser.walkForwards().get(0).directory().resolve("windows.csv")));
			dir = dir.resolve("next");
		}
	}

	@Test
	void aStopKeepsTheWindowsDoneAndResumeEqualsAnUninterruptedRun() throws Exception {
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		Optimiser optimiser = Fixtures.optimiser(dir, signal);
		WalkForwardSpec slow = spec(Fixtures.SlowSmaCrossover.ID, false);
		WalkForwardResult uninterrupted = finish(optimiser.walkForward(slow));

		WalkForwardHandle halted = optimiser.walkForward(slow);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (halted.currentWindow() < 2 && System.nanoTime() < deadline) {
			Thread.sleep(1);
		}
		signal.raised = true;
		var step = optimiser.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(3), line -> {
		}));
		assertEquals(StepStatus.CLEANED, step.status(), step.detail());
		WalkForwardResult stopped = halted.result();
		assertEquals(SearchState.STOPPED, stopped.state(), stopped.message());
		int done = stopped.windows().size();
		assertTrue(done >= 2 && done < 4, "windows done: " + done);
		assertEquals(withoutSearchIds(uninterrupted.windows().subList(0, done)), withoutSearchIds(stopped.windows()));

		signal.raised = false;
		// after a restart: a new service over the same directory resumes it from its files
		Optimiser restarted = Fixtures.optimiser(dir, signal);
		assertTrue(restarted.saved(halted.directory()).walkForward());
		WalkForwardResult resumed = finish(restarted.resumeWalkForward(halted.directory(), slow.search().series()));
		assertEquals(SearchState.COMPLETED, resumed.state(), resumed.message());
		assertEquals(withoutSearchIds(uninterrupted.windows()), withoutSearchIds(resumed.windows()));
		assertArrayEquals(uninterrupted.stitchedEquity(), resumed.stitchedEquity());
	}

	/** Two analyses differ by their windows' search ids only. */
	static List<WalkForwardWindow> withoutSearchIds(List<WalkForwardWindow> windows) {
		return windows.stream().map(w -> new WalkForwardWindow(w.index(), w.inFrom(), w.inTo(), w.outTo(), "", w.parameters(),
				w.inObjective(), w.outObjective(), w.inAnnualReturn(), w.outAnnualReturn(), w.outMetrics(), w.capital())).toList();
	}

	@Test
	void holdoutAndWindowsThatDoNotFit() throws Exception {
		Optimiser optimiser = Fixtures.optimiser(dir, new Fixtures.TestSignal());
		WalkForwardSpec holdout = WalkForwardSpec.holdout(SearchTest.spec(SearchMethod.GENETIC, 40, 1, 0), 1000);
		WalkForwardResult result = finish(optimiser.walkForward(holdout));
		assertEquals(1, result.windows().size());
		assertEquals(0, result.windows().get(0).inFrom());
		assertEquals(3000, result.windows().get(0).inTo());
		IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
				() -> new WalkForwardSpec(SearchTest.spec(SearchMethod.RANDOM, 30, 1, 0), 10, 800, 400, false));
		assertEquals("windows: 800 in-sample bars and 10 windows of 400 out-of-sample bars need 4,800 bars; the data has 4,000",
				tooLong.getMessage());
	}
}
