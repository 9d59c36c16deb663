package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;

/** What the {@code sweep.halt} step reports when work does not stop, or its files cannot be written. */
class HaltStepTest {

	@TempDir
	Path dir;
	private final Fixtures.TestSignal signal = new Fixtures.TestSignal();
	private final AtomicBoolean release = new AtomicBoolean();
	private final List<SweepEngine> engines = new ArrayList<>();

	@AfterEach
	void tearDown() throws Exception {
		release.set(true);
		engines.forEach(SweepEngine::close);
		try (var walk = Files.walk(dir)) {
			walk.filter(Files::isDirectory).forEach(d -> d.toFile().setWritable(true));
		}
	}

	private SweepEngine engine(StrategyRegistry registry, IndicatorCache cache) {
		SweepEngine engine = new SweepEngine(dir, () -> registry, () -> signal, () -> cache, EventSink.NONE);
		engines.add(engine);
		return engine;
	}

	/** A strategy whose runs spin until the test releases them, never looking at their token, then give up. */
	private final class IgnoresItsToken implements Strategy {
		final CountDownLatch spinning;

		IgnoresItsToken(int workers) {
			spinning = new CountDownLatch(workers);
		}

		@Override
		public String id() {
			return "ignores_its_token";
		}

		@Override
		public String displayName() {
			return "Ignores its token";
		}

		@Override
		public String description() {
			return "spins until released";
		}

		@Override
		public List<ParameterSpec> parameters() {
			return List.of(ParameterSpec.ofInt("n", 1, 1, 100, 1, 10, 1, "anything"));
		}

		@Override
		public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
				CancellationToken cancel, IndicatorCache cache) {
			spinning.countDown();
			spinUntilReleased();
			throw new java.util.concurrent.CancellationException("noticed the stop at last");
		}

		private void spinUntilReleased() {
			while (!release.get()) {
				Thread.onSpinWait();
			}
		}
	}

	@Test
	void aWorkerThatIgnoresTheStopIsLeftBehindAndReportedStuckWithItsStack() throws Exception {
		IgnoresItsToken strategy = new IgnoresItsToken(2);
		SweepEngine engine = engine(StrategyRegistry.of(List.of(strategy)), null);
		SweepRun run = (SweepRun) engine.start(SweepSpec.builder(strategy.id(), SyntheticSeries.generate(1, 500))
				.range("n", 1, 10, 1).objective("total_pnl", true).workers(2).build());
		assertTrue(strategy.spinning.await(10, TimeUnit.SECONDS));

		signal.raise();
		StepResult step = engine.stop(Fixtures.stopContext(400, new ArrayList<>()));

		assertEquals(2, run.liveWorkers(), "the step returned without waiting for the stuck workers");
		assertEquals(StepStatus.PARTIAL, step.status(), step.detail());
		assertEquals(2L, step.counters().get("workers.stuck"));
		assertEquals(List.of(run.id()), step.componentsCleaned());
		assertTrue(step.error().contains("2 workers ignored the stop"), step.error());
		assertTrue(step.error().contains("sweep-" + run.id() + "-worker-"), step.error());
		assertTrue(step.error().contains("spinUntilReleased"), "the stuck thread's stack: " + step.error());
		assertTrue(Files.exists(run.status().checkpointFile()), "a checkpoint of what was on disk");

		release.set(true);
		var status = run.completion().get(10, TimeUnit.SECONDS);
		assertEquals(SweepState.STOPPED, status.state(), "once it gives up, the worker saves its work: " + status.message());
	}

	@Test
	void aSweepStillEndingWhenTheStepReportsItIsNotReportedAgainByTheNextStop() throws Exception {
		IgnoresItsToken strategy = new IgnoresItsToken(1);
		SweepEngine engine = engine(StrategyRegistry.of(List.of(strategy)), null);
		SweepRun run = (SweepRun) engine.start(SweepSpec.builder(strategy.id(), SyntheticSeries.generate(1, 500))
				.range("n", 1, 10, 1).objective("total_pnl", true).workers(1).build());
		assertTrue(strategy.spinning.await(10, TimeUnit.SECONDS));

		signal.raise();
		assertEquals(List.of(run.id()), engine.stop(Fixtures.stopContext(200, new ArrayList<>())).componentsCleaned());
		release.set(true);
		assertEquals(SweepState.STOPPED, run.completion().get(10, TimeUnit.SECONDS).state());

		StepResult next = engine.stop(Fixtures.stopContext(200, new ArrayList<>()));
		assertEquals(StepStatus.SKIPPED, next.status(), next.detail());
	}

	@Test
	void aCheckpointThatCannotBeWrittenIsReportedWithItsPathAndTheResultsKeepTheirRows() throws Exception {
		SweepEngine engine = engine(Fixtures.builtIns(), null);
		OhlcvSeries series = SyntheticSeries.generate(7, 40_000);
		SweepRun run = (SweepRun) engine.start(SweepSpec.builder("bollinger_zscore", series).range("bb_period", 10, 60, 1)
				.range("entry_z", 1.0, 3.0, 0.1).values("k_sl", 0.5, 1, 2, 4).workers(2).build());
		while (run.status().combosDone() < 10) {
			Thread.sleep(5);
		}
		Path sweepDir = run.directory();
		Files.setPosixFilePermissions(sweepDir, PosixFilePermissions.fromString("r-xr-xr-x"));
		if (Files.isWritable(sweepDir)) {
			// permissions do not bind this user (root): the checkpoint's temporary file is made unwritable instead
			Files.createDirectory(sweepDir.resolve(Checkpoint.FILE_NAME + ".tmp"));
		}

		signal.raise();
		StepResult step = engine.stop(Fixtures.stopContext(3000, new ArrayList<>()));

		assertEquals(StepStatus.PARTIAL, step.status(), step.detail());
		assertEquals(1L, step.counters().get("writes.failed"));
		assertTrue(step.error().contains(run.status().checkpointFile().toString()), step.error());
		assertEquals(SweepState.FAILED, run.status().state());
		Map<Long, String> rows = Fixtures.rows(run.status().resultsFile());
		assertEquals(run.evaluatedCount(), rows.size(), "every computed row is in the results file");
		int fields = Fixtures.header(run.status().resultsFile()).size();
		rows.values().forEach(line -> assertEquals(fields, line.split(",", -1).length, line));
	}

	@Test
	void aStopWhileIndicatorsAreComputedHaltsThemAndStoresNothingHalfDone() throws Exception {
		SweepLocalCache cache = new SweepLocalCache();
		SweepEngine engine = engine(Fixtures.builtIns(), cache);
		// the workers' first polls are between combinations; the tenth lands inside the first SMA's computation
		signal.raiseAfterPolls(10);
		SweepRun run = (SweepRun) engine.start(SweepSpec.builder(StrategyRegistry.SMA_CROSSOVER,
				SyntheticSeries.generate(5, 400_000)).range("fast_period", 5, 20, 5).range("slow_period", 30, 60, 10)
				.workers(1).build());
		assertEquals(SweepState.STOPPED, run.completion().get(30, TimeUnit.SECONDS).state());
		assertEquals(0, run.evaluatedCount());
		assertEquals(0, cache.stats().memoryEntries(), "the cancelled computation left nothing in the cache");
	}

	@Test
	void nothingRunningIsSkippedWithTheReason() {
		StepResult step = engine(Fixtures.builtIns(), null).stop(Fixtures.stopContext(100, new ArrayList<>()));
		assertEquals(StepStatus.SKIPPED, step.status());
		assertEquals("no sweep running", step.detail());
	}
}
