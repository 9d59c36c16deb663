package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepResult;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

class SweepEngineTest {

	private static final OhlcvSeries SERIES = SyntheticSeries.generate(42, 6_000);

	@TempDir
	Path dir;
	private Fixtures.TestSignal signal;
	private SweepEngine engine;

	@BeforeEach
	void setUp() {
		signal = new Fixtures.TestSignal();
		engine = Fixtures.engine(dir, signal);
	}

	@AfterEach
	void tearDown() {
		engine.close();
	}

	private SweepStatus run(SweepSpec spec) throws Exception {
		return engine.start(spec).completion().get(60, TimeUnit.SECONDS);
	}

	@Test
	void everyComboEqualsTheKernelRunDirectlyAndOneWorkerEqualsFour() throws Exception {
		SweepStatus one = run(Fixtures.referenceGrid(SERIES, 1));
		SweepStatus four = run(Fixtures.referenceGrid(SERIES, 4));
		assertEquals(SweepState.COMPLETED, one.state());
		assertEquals(SweepState.COMPLETED, four.state());
		assertEquals(270, one.combosDone());
		assertEquals(270L * SERIES.size(), one.barsEvaluated());
		assertEquals(one.topK(), four.topK(), "same top-K, same metrics");
		assertEquals(15, one.topK().size());

		Map<Long, String> rows1 = Fixtures.rows(one.resultsFile());
		Map<Long, String> rows4 = Fixtures.rows(four.resultsFile());
		assertEquals(270, rows1.size());
		assertEquals(rows1, rows4, "every combination's line is identical");
		assertEquals(List.of("index", "bb_period", "entry_z", "k_sl", "leverage", "total_pnl", "final_equity",
				"total_return_pct", "cagr_pct", "trades", "win_rate_pct", "sharpe", "sortino", "calmar", "volatility_pct",
				"max_drawdown_pct", "profit_factor", "expectancy", "avg_trade_pct", "exposure_pct", "sharpe_per_trade",
				"max_drawdown_closed_pct", "capital", "fees_bps", "slippage_bps", "sizing", "sizing_value", "allow_short",
				"ruin"), Fixtures.header(one.resultsFile()));

		List<BollingerZscoreKernel.Combo> grid = BollingerZscoreKernel.referenceGrid();
		// the best: the highest Sharpe among the runs that were not ruined, if any was not
		double best = Double.NEGATIVE_INFINITY;
		boolean bestRuined = true;
		for (int i = 0; i < grid.size(); i++) {
			BollingerZscoreKernel.Combo c = grid.get(i);
			BollingerZscoreKernel.Result r = BollingerZscoreKernel.run(SERIES.close(), SERIES.low(), SERIES.high(), SERIES.timestamps(),
					BollingerZscoreKernel.prepare(SERIES.close(), c.bbPeriod()), c.entryZ(), c.kSl(), c.leverage(),
					BollingerZscoreKernel.REFERENCE_SETTINGS, CancellationToken.NONE);
			String[] f = rows1.get((long) i).split(",");
			assertEquals(r.totalPnl(), Double.parseDouble(f[5]), "total pnl of combo " + i);
			assertEquals(r.trades(), Double.parseDouble(f[9]), "trades of combo " + i);
			assertEquals(r.metrics().sharpe(), Double.parseDouble(f[11]), "sharpe of combo " + i);
			assertEquals(r.metrics().maxDrawdown() * 100, Double.parseDouble(f[15]), "drawdown of combo " + i);
			assertEquals(r.sharpePerTrade(), Double.parseDouble(f[20]), "the original's sharpe of combo " + i);
			assertEquals(r.maxDrawdownClosedPct(), Double.parseDouble(f[21]), "the original's drawdown of combo " + i);
			boolean ruined = SweepMetrics.ruined(r.metrics().finalEquity(), r.metrics().maxDrawdown() * 100);
			if (bestRuined && !ruined || ruined == bestRuined && r.metrics().sharpe() > best) {
				best = r.metrics().sharpe();
				bestRuined = ruined;
			}
		}
		assertEquals(best, one.best().objective());
		assertEquals(best, one.best().metric(SweepMetrics.SHARPE));
		assertTrue(Files.exists(one.checkpointFile()));
		assertEquals(2, engine.list().size());
	}

	@Test
	void aLastCheckpointCaughtByACrashBeforeItReachedTheDiskLeavesTheOneBeforeToResumeFrom() throws Exception {
		SweepSpec spec = Fixtures.referenceGrid(SERIES, 2);
		Grid grid = Grid.of(new io.backstop.backtest.strategies.BollingerZscoreStrategy(), spec);
		Path file = dir.resolve("crashed").resolve(Checkpoint.FILE_NAME);
		Files.createDirectories(file.getParent());
		long[] some = new long[(int) ((grid.total() + 63) / 64)];
		some[0] = 0b111;
		Checkpoint.of("crashed", spec, grid, some, SweepState.RUNNING, "").write(file);
		long[] more = some.clone();
		more[1] = 0b1;
		Checkpoint.of("crashed", spec, grid, more, SweepState.STOPPED, "halted by the emergency stop").writeLast(file);

		Checkpoint last = Checkpoint.read(file, SERIES);
		assertEquals(SweepState.STOPPED, last.state(), "the last checkpoint is in place at once");
		assertEquals(4, last.done());
		// the power goes before the last one reached the disk: its file is empty
		Files.write(file, new byte[0]);
		Checkpoint before = Checkpoint.read(file, SERIES);
		assertEquals(SweepState.RUNNING, before.state());
		assertEquals(3, before.done());

		Checkpoint.of("crashed", spec, grid, more, SweepState.STOPPED, "halted by the emergency stop").writeLast(file);
		Checkpoint.settle(file);
		assertFalse(Files.exists(Checkpoint.previousOf(file)), "once the last one is on disk the one before goes");
		assertEquals(4, Checkpoint.read(file, SERIES).done());
	}

	@Test
	void aStoppedRunsCheckpointReachesTheDiskAfterTheStopWithNothingLeftBeside() throws Exception {
		signal.raiseAfterPolls(150);
		SweepStatus halted = run(Fixtures.referenceGrid(SERIES, 2));
		assertEquals(SweepState.STOPPED, halted.state());
		assertEquals(halted.combosDone(), Checkpoint.read(halted.checkpointFile(), SERIES).done());
		Path previous = Checkpoint.previousOf(halted.checkpointFile());
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (Files.exists(previous) && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		try (var files = Files.list(halted.checkpointFile().getParent())) {
			assertEquals(List.of(Checkpoint.FILE_NAME, "results.csv"),
					files.map(f -> f.getFileName().toString()).sorted().toList());
		}
	}

	@Test
	void stoppedThenResumedEndsAsAnUninterruptedRun() throws Exception {
		SweepStatus uninterrupted = run(Fixtures.referenceGrid(SERIES, 2));

		signal.raiseAfterPolls(150);
		SweepStatus halted = run(Fixtures.referenceGrid(SERIES, 2));
		assertEquals(SweepState.STOPPED, halted.state());
		assertTrue(halted.combosDone() > 0 && halted.combosDone() < 270, "stopped part way: " + halted.combosDone());
		assertEquals(halted.combosDone(), Fixtures.rows(halted.resultsFile()).size(),
				"the partial file holds every completed combination");
		Checkpoint ck = Checkpoint.read(halted.checkpointFile(), SERIES);
		assertEquals(halted.combosDone(), ck.done());

		assertThrows(WorkRefusedException.class, () -> engine.start(Fixtures.referenceGrid(SERIES, 2)));
		assertThrows(WorkRefusedException.class, () -> engine.resume(halted.id()));
		signal.lower();

		SweepStatus resumed = engine.resume(halted.id()).completion().get(60, TimeUnit.SECONDS);
		assertEquals(SweepState.COMPLETED, resumed.state());
		assertEquals(halted.id(), resumed.id());
		assertEquals(270 - halted.combosDone(), resumed.barsEvaluated() / SERIES.size(), "finished combos skipped");
		assertEquals(uninterrupted.topK(), resumed.topK());
		assertEquals(Fixtures.rows(uninterrupted.resultsFile()), Fixtures.rows(resumed.resultsFile()),
				"each combination exactly once, with the same numbers");
		assertThrows(IllegalStateException.class, () -> engine.resume(halted.id()), "already complete");
	}

	@Test
	void cancelledSweepResumesFromItsDirectoryWithTheSeriesReloaded() throws Exception {
		SweepStatus uninterrupted = run(Fixtures.referenceGrid(SERIES, 1));
		Fixtures.TestSignal never = new Fixtures.TestSignal();
		signal.afterPolls(150, () -> engine.list().forEach(h -> h.cancel())); // cancels part way through
		var handle = engine.start(Fixtures.referenceGrid(SERIES, 2));
		SweepStatus cancelled = handle.completion().get(60, TimeUnit.SECONDS);
		assertEquals(SweepState.CANCELLED, cancelled.state());
		assertTrue(cancelled.combosDone() > 0 && cancelled.combosDone() < 270, "cancelled part way: " + cancelled.combosDone());
		assertTrue(cancelled.state().isResumable());

		try (SweepEngine other = Fixtures.engine(dir, never)) {
			SweepStatus resumed = other.resume(cancelled.checkpointFile().toString()).completion().get(60,
					TimeUnit.SECONDS);
			assertEquals(SweepState.COMPLETED, resumed.state());
			assertEquals(uninterrupted.topK(), resumed.topK());
			assertEquals(Fixtures.rows(uninterrupted.resultsFile()), Fixtures.rows(resumed.resultsFile()));
		}
	}

	@Test
	void aSweepOverADateRangeOfAFileResumesAfterARestartOnTheSameBars() throws Exception {
		Path file = dir.resolve("SYN_5m.csv");
		OhlcvCsv.write(SERIES, file);
		OhlcvSeries whole = OhlcvCsv.load(file, "SYN_5m");
		OhlcvSeries range = whole.slice(1_000, 4_500); // what a from/to date range leaves of the file
		SweepStatus uninterrupted = run(Fixtures.referenceGrid(range, 1));
		signal.afterPolls(150, () -> engine.list().forEach(h -> h.cancel()));
		SweepStatus cancelled = engine.start(Fixtures.referenceGrid(range, 2)).completion().get(60, TimeUnit.SECONDS);
		assertEquals(SweepState.CANCELLED, cancelled.state());
		assertTrue(cancelled.combosDone() > 0 && cancelled.combosDone() < 270, "cancelled part way: " + cancelled.combosDone());

		// a new engine knows only the sweep's directory: it reloads the file and finds the range's bars in it
		try (SweepEngine restarted = Fixtures.engine(dir, new Fixtures.TestSignal())) {
			SweepStatus resumed = restarted.resume(cancelled.checkpointFile().toString()).completion().get(60,
					TimeUnit.SECONDS);
			assertEquals(SweepState.COMPLETED, resumed.state(), resumed.message());
			assertEquals(3_500L * (270 - cancelled.combosDone()), resumed.barsEvaluated(), "only the range's bars");
			assertEquals(uninterrupted.topK(), resumed.topK());
			assertEquals(Fixtures.rows(uninterrupted.resultsFile()), Fixtures.rows(resumed.resultsFile()));
		}
	}

	@Test
	void aCrashAfterTheLastCheckpointLosesNothingAndDuplicatesNothing() throws Exception {
		SweepStatus full = run(Fixtures.referenceGrid(SERIES, 2));
		Path sweepDir = full.resultsFile().getParent();
		Map<Long, String> rows = Fixtures.rows(full.resultsFile());
		// simulate: checkpoint saw 100 done, the file holds 180 and a half-written line
		List<String> lines = Files.readAllLines(full.resultsFile());
		StringBuilder partial = new StringBuilder(lines.get(0)).append('\n');
		long[] bits = new long[5];
		for (int k = 1; k <= 180; k++) {
			partial.append(lines.get(k)).append('\n');
			long index = Long.parseLong(lines.get(k).split(",")[0]);
			if (k <= 100) {
				bits[(int) (index >>> 6)] |= 1L << index;
			}
		}
		partial.append(lines.get(181), 0, 20);
		Files.writeString(full.resultsFile(), partial);
		SweepSpec spec = Fixtures.referenceGrid(SERIES, 2);
		Checkpoint.of(full.id(), spec, Grid.of(new io.backstop.backtest.strategies.BollingerZscoreStrategy(), spec), bits,
				SweepState.RUNNING, "")
				.write(sweepDir.resolve(Checkpoint.FILE_NAME));

		SweepStatus resumed = engine.resume(sweepDir, SERIES).completion().get(60, TimeUnit.SECONDS);
		assertEquals(SweepState.COMPLETED, resumed.state());
		assertEquals(90L * SERIES.size(), resumed.barsEvaluated(), "only the 90 combinations without a line ran");
		assertEquals(rows, Fixtures.rows(resumed.resultsFile()));
		assertEquals(full.topK(), resumed.topK());
	}

	@Test
	void haltStepStopsEveryWorkerAndReports() throws Exception {
		haltTwoSweeps(false);
	}

	@Test
	void haltStepReportsSweepsTheSignalAlreadyHalted() throws Exception {
		haltTwoSweeps(true);
	}

	private void haltTwoSweeps(boolean signalFirst) throws Exception {
		OhlcvSeries longer = SyntheticSeries.generate(7, 40_000);
		SweepSpec spec = SweepSpec.builder("bollinger_zscore", longer).range("bb_period", 10, 60, 1)
				.range("entry_z", 1.0, 3.0, 0.1).values("k_sl", 0.5, 1, 2, 4).workers(3).build();
		SweepRun a = (SweepRun) engine.start(spec);
		SweepRun b = (SweepRun) engine.start(spec.withWorkers(2));
		while (a.status().combosDone() == 0 || b.status().combosDone() == 0) {
			Thread.sleep(5);
		}
		long requested = System.nanoTime();
		if (signalFirst) {
			signal.raise();
			a.completion().get(10, TimeUnit.SECONDS);
			b.completion().get(10, TimeUnit.SECONDS);
		}
		List<String> progress = new CopyOnWriteArrayList<>();
		StopContext context = Fixtures.stopContext(3000, progress);
		var result = engine.stop(context);
		long evaluatedA = a.evaluatedCount();
		long evaluatedB = b.evaluatedCount();
		long barsA = a.barsEvaluated();

		assertEquals(2L, result.counters().get("sweeps.halted"), result.detail());
		assertEquals(0L, result.counters().get("workers.stuck"));
		assertEquals(a.status().combosDone() + b.status().combosDone(), result.counters().get("combos.completed"));
		assertEquals(List.of(a.id(), b.id()), result.componentsCleaned());
		assertEquals(2, progress.size());
		assertTrue(a.isFinished() && b.isFinished());
		assertEquals(SweepState.STOPPED, a.status().state());
		assertEquals(SweepState.STOPPED, b.status().state());
		assertEquals(0, a.liveWorkers());
		assertTrue(a.lastWorkerExitNanos() >= requested);

		Thread.sleep(200);
		assertEquals(evaluatedA, a.evaluatedCount(), "no worker computes after the step returned");
		assertEquals(evaluatedB, b.evaluatedCount());
		assertEquals(barsA, a.barsEvaluated());
		for (SweepRun run : List.of(a, b)) {
			Map<Long, String> rows = Fixtures.rows(run.status().resultsFile());
			assertEquals(run.status().combosDone(), rows.size());
			assertEquals(run.evaluatedCount(), rows.size());
			Checkpoint ck = Checkpoint.read(run.status().checkpointFile(), longer);
			assertEquals(rows.size(), ck.done());
			assertEquals(SweepState.STOPPED, ck.state());
			DoneSet done = DoneSet.of(ck.total(), ck.allBits());
			rows.keySet().forEach(i -> assertTrue(done.isDone(i), "row " + i + " in the checkpoint"));
		}
		assertEquals("no sweep running", engine.stop(Fixtures.stopContext(100, new ArrayList<>())).detail(), "reported once");
	}

	@Test
	void everySettingReachesEachCombinationTheResultsFileAndTheCheckpoint() throws Exception {
		RunSettings settings = new RunSettings(25_000, 7, 3, Sizing.EQUITY_FRACTION, 0.5, false, Ruin.STOP);
		SweepSpec spec = SweepSpec.builder(StrategyRegistry.BOLLINGER_ZSCORE, SERIES).range("bb_period", 10, 30, 10)
				.range("entry_z", 1, 2, 0.5).values("k_sl", 1, 4).settings(settings).workers(2).build();
		SweepStatus status = run(spec);
		assertEquals(settings, Checkpoint.read(status.checkpointFile(), SERIES).spec().settings());
		Map<Long, String> rows = Fixtures.rows(status.resultsFile());
		assertEquals(18, rows.size());
		int ruined = 0;
		for (long i = 0; i < 18; i++) {
			String line = rows.get(i);
			assertTrue(line.endsWith(",25000,7,3,equity_fraction,0.5,false,stop"), line);
			Parameters p = spec.parametersAt(i);
			BollingerZscoreKernel.Result r = BollingerZscoreKernel.run(SERIES.close(), SERIES.low(), SERIES.high(), SERIES.timestamps(),
					BollingerZscoreKernel.prepare(SERIES.close(), p.getInt("bb_period")), p.getDouble("entry_z"),
					p.getDouble("k_sl"), 1, settings, CancellationToken.NONE);
			String[] f = line.split(",");
			assertEquals(r.finalEquity(), Double.parseDouble(f[6]), line);
			assertEquals(r.metrics().maxDrawdown() * 100, Double.parseDouble(f[15]), line);
			assertEquals(r.maxDrawdownClosedPct(), Double.parseDouble(f[21]), line);
			if (r.ruined()) {
				ruined++;
				assertEquals("0", f[6], "a ruined combination ends with nothing: " + line);
				assertEquals("100", f[15], line);
				assertEquals("100", f[21], line);
			}
		}
		assertTrue(ruined > 0 && ruined < 18, "the kernel, losing to fees, ruins some combinations: " + ruined);
	}

	@Test
	void otherStrategiesRunThroughTheSimulatorWithTheSameResultsOnAnyWorkerCount() throws Exception {
		OhlcvSeries small = SyntheticSeries.generate(3, 3_000);
		RunSettings settings = RunSettings.defaults();
		SweepSpec spec = SweepSpec.builder(StrategyRegistry.SMA_CROSSOVER, small).range("fast_period", 5, 30, 5)
				.range("slow_period", 30, 60, 10).settings(settings).topK(5).objective("total_pnl", true).workers(1).build();
		SweepStatus one = run(spec);
		SweepStatus three = run(spec.withWorkers(3));
		assertEquals(SweepState.COMPLETED, one.state());
		assertEquals(23, one.combosDone(), "fast 30 / slow 30 breaks fast_period < slow_period: not one of the combinations");
		assertEquals(23, one.combosTotal());
		assertTrue(Fixtures.rows(one.resultsFile()).values().stream().noneMatch(l -> l.contains(",30,30,0,")), "nor a row");
		assertTrue(one.topK().stream().noneMatch(r -> r.parameters().get("fast_period") == 30.0), "and never ranked");
		assertTrue(Fixtures.rows(one.resultsFile()).values().stream()
				.noneMatch(l -> l.contains("NaN") || l.contains("Infinity")));
		assertEquals(one.topK(), three.topK());
		assertEquals(Fixtures.rows(one.resultsFile()), Fixtures.rows(three.resultsFile()));
		SweepResult best = one.best();
		Parameters p = Parameters.of("fast_period", best.parameters().get("fast_period"), "slow_period",
				best.parameters().get("slow_period"));
		BacktestResult direct = Fixtures.builtIns().get(StrategyRegistry.SMA_CROSSOVER).run(small, p, settings,
				CancellationToken.NONE);
		assertEquals(direct.metrics().totalPnl(), best.metric(SweepMetrics.TOTAL_PNL));
		assertEquals(direct.metrics().sharpe(), best.metric(SweepMetrics.SHARPE));
	}

	@Test
	void everyBuiltInStrategyYieldsEveryFigureInABacktestAndInASweepRow() throws Exception {
		for (io.backstop.backtest.Strategy strategy : Fixtures.builtIns().all()) {
			SweepSpec.Builder builder = SweepSpec.builder(strategy.id(), SERIES);
			strategy.parameters().forEach(p -> builder.values(p.name(), p.defaultValue()));
			SweepStatus status = run(builder.build());
			assertEquals(SweepState.COMPLETED, status.state(), strategy.id());
			List<String> header = Fixtures.header(status.resultsFile());
			String[] row = Fixtures.rows(status.resultsFile()).get(0L).split(",", -1);
			for (String metric : SweepMetrics.forStrategy(strategy.id())) {
				int column = header.indexOf(metric);
				assertTrue(column > 0, strategy.id() + " records " + metric);
				assertTrue(Double.isFinite(Double.parseDouble(row[column])), strategy.id() + " " + metric + ": " + row[column]);
			}
			assertTrue(header.containsAll(SweepMetrics.FIGURES), strategy.id());
			assertTrue(Double.parseDouble(row[header.indexOf(SweepMetrics.TRADES)]) > 0, strategy.id() + " trades");

			BacktestResult direct = strategy.run(SERIES, Parameters.of(), RunSettings.defaults(), CancellationToken.NONE);
			for (java.lang.reflect.RecordComponent figure : io.backstop.backtest.Metrics.class.getRecordComponents()) {
				double value = ((Number) figure.getAccessor().invoke(direct.metrics())).doubleValue();
				assertTrue(Double.isFinite(value), strategy.id() + " backtest " + figure.getName() + ": " + value);
			}
			assertEquals(direct.metrics().sharpe(), Double.parseDouble(row[header.indexOf(SweepMetrics.SHARPE)]),
					1e-9 * Math.max(1, Math.abs(direct.metrics().sharpe())), strategy.id() + ": the backtest's Sharpe");
		}
	}

	@Test
	void unknownStrategyOrMetricIsRefusedBeforeAnythingRuns() {
		assertThrows(IllegalArgumentException.class,
				() -> engine.start(SweepSpec.builder("nope", SERIES).values("x", 1).build()));
		IllegalArgumentException metric = assertThrows(IllegalArgumentException.class,
				() -> engine.start(SweepSpec.builder("bollinger_zscore", SERIES).values("k_sl", 1)
						.objective("profit", true).build()));
		assertTrue(metric.getMessage().contains("profit"), metric.getMessage());
		assertTrue(engine.list().isEmpty());
		assertFalse(engine.cancel("nope"));
		assertNotNull(engine.sweepsDirectory());
	}
}
