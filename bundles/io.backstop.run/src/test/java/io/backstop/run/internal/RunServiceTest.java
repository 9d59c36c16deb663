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
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.llm.backtest.BacktestEvaluator;
import io.backstop.run.ResultRow;
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
		service.registry = StrategyRegistry.of(List.of(new SmaCrossoverStrategy(), new BollingerZscoreStrategy()));
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
		assertEquals("completed", original.status());
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
