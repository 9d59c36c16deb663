package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.strategies.MacdCrossoverStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;

/** What is typed stays with its strategy and mode; sweep options travel in the request. */
class RunFormsTest {

	private static final Strategy SMA = new SmaCrossoverStrategy();
	private static final Strategy MACD = new MacdCrossoverStrategy();

	@Test
	void goingToAnotherStrategyOrModeAndBackKeepsWhatWasTyped() {
		RunForms forms = new RunForms();
		forms.form(SMA, RunKind.BACKTEST).setInput("fast_period", "7");
		forms.form(SMA, RunKind.SWEEP).setInput("fast_period", "5:9:2");
		forms.form(MACD, RunKind.BACKTEST).setInput("fast_period", "11");

		assertEquals("7", forms.form(SMA, RunKind.BACKTEST).input("fast_period"));
		assertEquals("5:9:2", forms.form(SMA, RunKind.SWEEP).input("fast_period"));
		assertEquals("11", forms.form(MACD, RunKind.BACKTEST).input("fast_period"));
		assertSame(forms.form(SMA, RunKind.BACKTEST), forms.form(SMA, RunKind.BACKTEST), "the same mode chosen again");
		assertNotSame(forms.form(SMA, RunKind.LLM), forms.form(MACD, RunKind.LLM));
		assertEquals(RunForm.defaultInput(SMA.parameter("slow_period").orElseThrow(), RunKind.BACKTEST),
				forms.form(SMA, RunKind.BACKTEST).input("slow_period"), "what was not typed keeps its default");
	}

	@Test
	void theSweepOptionsChosenAreInTheRequest() {
		RunForm sweep = new RunForms().form(SMA, RunKind.SWEEP);
		sweep.setObjective(RunObjective.minimise("max_drawdown_pct"));
		sweep.setTopK(5);
		sweep.setWorkers(3);
		RunRequest request = sweep.request().build();
		assertEquals(RunObjective.minimise("max_drawdown_pct"), request.objective());
		assertEquals(5, request.topK());
		assertEquals(3, request.workers());
	}

	@Test
	void whatWasTypedComesBackAfterARestart() {
		RunForms before = new RunForms();
		before.form(SMA, RunKind.BACKTEST).setInput("fast_period", "7");
		RunForm sweep = before.form(MACD, RunKind.SWEEP);
		sweep.setInput("slow_period", "30:40:5");
		sweep.setObjective(RunObjective.minimise("max_drawdown_pct"));
		sweep.setTopK(5);
		sweep.setWorkers(1);
		sweep.setCluster(true);
		java.util.Map<String, String> kept = new java.util.HashMap<>(before.remembered());
		kept.put("run.form." + SMA.id() + "/BACKTEST.input.no_such_parameter", "3");

		RunForms after = new RunForms(kept::get);
		assertEquals(java.util.List.of(MACD.id(), "SWEEP"), java.util.List.of(after.recalledLast()),
				"the strategy and mode chosen last");
		RunForm recalled = after.form(MACD, RunKind.SWEEP);
		assertEquals("30:40:5", recalled.input("slow_period"));
		assertEquals(RunForm.defaultInput(MACD.parameter("fast_period").orElseThrow(), RunKind.SWEEP),
				recalled.input("fast_period"));
		RunRequest request = recalled.request().build();
		assertEquals(RunObjective.minimise("max_drawdown_pct"), request.objective());
		assertEquals(5, request.topK());
		assertEquals(1, request.workers());
		assertEquals(true, request.cluster());
		assertEquals("7", after.form(SMA, RunKind.BACKTEST).input("fast_period"), "a parameter gone is dropped");
		assertEquals(null, new RunForms(key -> "garbage").recalledLast());
	}
}
