package io.backstop.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.BollingerAtrStrategy;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.DataLibrary;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvFiles;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.llm.backtest.BacktestEvaluator;
import io.backstop.run.DateRange;
import io.backstop.run.ResultRow;
import io.backstop.run.RunEvents;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/** The run service without OSGi: settings reach results, requests are checked against the strategy, the signal refuses work. */
class RunServiceTest {

	@TempDir
	Path dir;

	private final RaisableSignal signal = new RaisableSignal();
	private RunServiceComponent service;

	@BeforeEach
	void open() throws Exception {
		service = new RunServiceComponent();
		service.signal = signal;
		service.registry = StrategyRegistry.of(
				List.of(new SmaCrossoverStrategy(), new BollingerZscoreStrategy(), new BollingerAtrStrategy()));
		service.library = DataLibrary.of(dir, OhlcvFiles.Options.DEFAULT.haltedWhen(signal::isRaised));
		service.activate();
		Path csv = dir.resolve("synthetic.csv");
		OhlcvCsv.write(SyntheticSeries.generate(7, 20_000), csv);
		service.open(csv);
	}

	@AfterEach
	void close() {
		service.deactivate();
	}

	private RunOutcome backtest(RunSettings settings) throws Exception {
		RunHandle handle = service.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").parameter("fast_period", "10")
				.settings(settings).build());
		return handle.completion().get(30, TimeUnit.SECONDS);
	}

	@Test
	void twiceTheCapitalWithAFractionOfEquityGivesTheSameReturnsAndFeesChangeThem() throws Exception {
		RunSettings base = RunSettings.defaults().withSizing(Sizing.EQUITY_FRACTION, 0.5);
		ResultRow one = backtest(base).rows().get(0);
		ResultRow twice = backtest(base.withCapital(2 * base.initialCapital())).rows().get(0);
		ResultRow dearer = backtest(base.withCosts(50, base.slippageBps())).rows().get(0);

		assertEquals(RunState.COMPLETED.label(), one.status());
		assertEquals(2 * base.initialCapital(), twice.settings().initialCapital());
		assertEquals(one.totalReturn(), twice.totalReturn(), 1e-9);
		assertEquals(one.sharpe(), twice.sharpe(), 1e-9);
		assertEquals(2 * one.finalEquity(), twice.finalEquity(), 1e-6 * one.finalEquity());
		assertTrue(one.trades() > 0, "the crossover trades on this data");
		assertNotEquals(one.totalReturn(), dearer.totalReturn());
		assertEquals(50, dearer.settings().feesBps());
		assertEquals(3, service.results().size());
		assertEquals("backtest 1", one.origin());
	}

	@Test
	void theDefaultZscoreBacktestOnTheSampleIsRuinedAndContinueGivesTheOriginalFigures() throws Exception {
		service.openSample();
		ResultRow ruined = service.start(RunRequest.builder(RunKind.BACKTEST, "bollinger_zscore").build()).completion()
				.get(60, TimeUnit.SECONDS).rows().get(0);
		assertEquals("ruined at 2025-05-22 01:00 UTC", ruined.status());
		assertEquals(-1.0, ruined.totalReturn(), 1e-12);
		assertEquals(1.0, ruined.maxDrawdown(), 1e-12);
		assertTrue(ruined.sharpe() < 0, "a ruined run's Sharpe follows its losses: " + ruined.sharpe());

		ResultRow original = service.start(RunRequest.builder(RunKind.BACKTEST, "bollinger_zscore")
				.settings(RunSettings.defaults().withRuin(Ruin.CONTINUE)).build()).completion().get(60, TimeUnit.SECONDS)
				.rows().get(0);
		assertEquals("ruined", original.status(), "it traded on past the ruin, as the original did");
		assertEquals(-1.7898, original.totalReturn(), 5e-5);
	}

	@Test
	void requestsAreCheckedAgainstTheStrategyInOneLine() {
		assertTrue(assertThrows(IllegalArgumentException.class, () -> service.start(
				RunRequest.builder(RunKind.BACKTEST, "sma_crossover").parameter("nope", "1").build())).getMessage()
				.startsWith("unknown parameter nope for sma_crossover; its parameters: fast_period, slow_period"));
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> service.start(RunRequest.builder(RunKind.BACKTEST, "no_such").build())).getMessage()
				.startsWith("unknown strategy no_such; known: sma_crossover"));
		assertTrue(assertThrows(IllegalArgumentException.class, () -> service.start(RunRequest
				.builder(RunKind.SWEEP, "sma_crossover").objective(io.backstop.run.RunObjective.maximise("cagr")).build()))
				.getMessage().startsWith("objective: cagr is not a metric of a sweep of sma_crossover; one of total_pnl"));
		assertEquals(BacktestEvaluator.METRICS, service.metrics(RunKind.LLM, "sma_crossover"));
	}

	@Test
	void aSweepOfWhichTheStrategysConstraintsAdmitNoCombinationIsRefusedBeforeStarting() {
		RunRequest none = RunRequest.builder(RunKind.SWEEP, "sma_crossover").parameter("fast_period", "30,40")
				.parameter("slow_period", "20,30").build();
		assertEquals("parameters: none of the 24 combinations keeps sma_crossover's constraint fast_period < slow_period",
				assertThrows(IllegalArgumentException.class, () -> service.validate(none)).getMessage());
		assertTrue(service.runs().isEmpty());
	}

	@Test
	void aSweepLargerThanTheEngineHoldsIsRefusedBeforeStartingWithItsSizeAndTheLimitAndFrontEndsAreTold() {
		List<Event> posted = new CopyOnWriteArrayList<>();
		service.eventAdmin = new EventAdmin() {
			@Override
			public void postEvent(Event event) {
				posted.add(event);
			}

			@Override
			public void sendEvent(Event event) {
				posted.add(event);
			}
		};
		RunRequest huge = RunRequest.builder(RunKind.SWEEP, "bollinger_atr").parameter("bb_period", "2:500:1")
				.parameter("bb_std", "0.5:5:0.001").parameter("atr_period", "1:500:1").parameter("atr_k", "0.1:20:0.01")
				.build();

		String reason = assertThrows(IllegalArgumentException.class, () -> service.validate(huge)).getMessage();
		assertEquals("parameters: the grid has 2,235,892,004,500 combinations; a sweep holds at most 2,147,483,648"
				+ " combinations; narrow a range or widen its step", reason);
		assertEquals(reason, assertThrows(IllegalArgumentException.class, () -> service.start(huge)).getMessage());
		assertTrue(service.runs().isEmpty(), "nothing was started: " + service.runs());
		Event refused = posted.stream().filter(e -> e.getTopic().equals(RunEvents.REFUSED)).findFirst().orElseThrow();
		assertEquals("the sweep of bollinger_atr", refused.getProperty(RunEvents.WHAT));
		assertEquals(reason, refused.getProperty(RunEvents.REASON));

		RunRequest withinTheLimit = RunRequest.builder(RunKind.SWEEP, "bollinger_atr").build();
		assertEquals("the sweep engine is not available (its bundle is not active)",
				assertThrows(IllegalStateException.class, () -> service.validate(withinTheLimit)).getMessage());
	}

	@Test
	void rowsAndARunsTradesAreExportedToCsvAtFullPrecisionTradesRecomputedWhenOnlyFiguresWereKept() throws Exception {
		ResultRow row = backtest(RunSettings.defaults().withCapital(12_345.5)).rows().get(0);
		Path table = dir.resolve("out/results.csv");
		service.exportResults(service.results(), table);
		List<String> lines = Files.readAllLines(table);
		assertEquals(2, lines.size(), "a header and the row");
		List<String> header = List.of(lines.get(0).split(","));
		List<String> fields = List.of(lines.get(1).split(",", -1));
		assertEquals(List.of("number", "run", "strategy", "data_set", "status", "fast_period"), header.subList(0, 6));
		assertEquals("backtest 1", fields.get(header.indexOf("run")));
		assertEquals("synthetic", fields.get(header.indexOf("data_set")).substring(0, "synthetic".length()));
		assertEquals(row.sharpe(), Double.parseDouble(fields.get(header.indexOf("sharpe"))), 0);
		assertEquals("12345.5", fields.get(header.indexOf("capital")));

		service.dropCurves();
		Path trades = dir.resolve("trades.csv");
		assertEquals(trades, service.exportTrades(service.results().get(0), trades).get(30, TimeUnit.SECONDS));
		List<String> tradeLines = Files.readAllLines(trades);
		assertEquals("side,entry_time,exit_time,entry_price,exit_price,quantity,pnl,return,fees,exit_reason", tradeLines.get(0));
		assertEquals((int) row.trades(), tradeLines.size() - 1, "one line per trade");
		String[] first = tradeLines.get(1).split(",");
		assertEquals(service.results().get(0).result().trades().get(0).entryPrice(), Double.parseDouble(first[3]), 0,
				"the price as simulated, not rounded");
		assertTrue(Files.list(dir).noneMatch(p -> p.toString().endsWith(".part")), "no partial file left");
	}

	@Test
	void aRunOverADateRangeUsesOnlyItsBarsAndARangeWithoutBarsIsRefused() throws Exception {
		long[] times = service.series().orElseThrow().timestamps();
		DateRange range = new DateRange(java.time.Instant.ofEpochMilli(times[1000]), java.time.Instant.ofEpochMilli(times[5999]));
		ResultRow row = service.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").range(range).build())
				.completion().get(30, TimeUnit.SECONDS).rows().get(0);
		assertEquals(5000, row.series().size());
		assertEquals(times[1000], row.series().timestamps()[0]);
		assertTrue(row.series().name().endsWith(range.describe()), row.series().name());

		DateRange after = new DateRange(java.time.Instant.ofEpochMilli(times[times.length - 1] + 1), null);
		assertTrue(assertThrows(IllegalArgumentException.class,
				() -> service.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").range(after).build()))
				.getMessage().startsWith("from/to: no bar of "));
	}

	@Test
	void aBadFileIsOneLineWithFileLineAndField() throws Exception {
		Path bad = dir.resolve("bad.csv");
		Files.writeString(bad, "timestamp,open,high,low,close,volume\n1,2,3,1,2,10\n2,x,3,1,2,10\n");
		String message = assertThrows(java.io.IOException.class, () -> service.open(bad)).getMessage();
		assertTrue(message.contains("bad.csv") && message.contains("3") && message.contains("open"), message);
		assertFalse(message.contains("\n"));
	}

	@Test
	void newWorkIsRefusedWhileTheSignalIsRaisedAndRecomputedDetailIsKept() throws Exception {
		ResultRow row = backtest(RunSettings.defaults()).rows().get(0);
		assertEquals(1, service.dropCurves().curves());
		assertNull(service.results().get(0).result());
		BacktestResult again = service.detail(service.results().get(0)).get(30, TimeUnit.SECONDS);
		assertEquals(row.finalEquity(), again.metrics().finalEquity(), 1e-9);
		assertSame(again, service.results().get(0).result());

		signal.raised = true;
		assertThrows(WorkRefusedException.class,
				() -> service.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").build()));
		service.dropCurves();
		assertTrue(service.detail(service.results().get(0)).isCompletedExceptionally());
		signal.raised = false;
		assertEquals(RunState.COMPLETED, backtest(RunSettings.defaults()).state());
	}

	private static void assertFalse(boolean condition) {
		org.junit.jupiter.api.Assertions.assertFalse(condition);
	}

	/** A stop signal a test raises and lowers. */
	static final class RaisableSignal implements StopSignal {
		volatile boolean raised;

		@Override
		public boolean isRaised() {
			return raised;
		}

		@Override
		public Registration onRaise(Runnable callback) {
			return () -> {
			};
		}
	}
}
