package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.backstop.estop.api.EmergencyStop;

/** The console's background work commands inside Equinox, over the real run service and sweep engine. */
class WorkCommandsIT {

	private final TestSession session = new TestSession();
	private WorkCommands work;

	@BeforeEach
	void wire() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(WorkCommandsIT.class).getBundleContext();
		BackstopCommandsIT.waitFor(context, EmergencyStop.class).reset();
		work = BackstopCommandsIT.waitFor(context, WorkCommands.class);
		BackstopCommandsIT.waitFor(context, BackstopCommands.class).load(session);
		session.take();
	}

	@Test
	void aSweepWithSettingsPrintsThemWithItsResultAndAResumeRefusesOthers() {
		work.sweep(session, "bollinger_zscore", "bb_period=10:20:5", "entry_z=1,2", "k_sl=1", "leverage=1",
				"--capital", "20000", "--objective", "final_equity", "--workers", "2", "--every", "0.1", "--wait");
		String out = session.take();
		List<String> lines = out.lines().toList();
		assertTrue(lines.get(0).matches("Sweep \\S+ started: bollinger_zscore on BTCUSDT_5m, 6 combos on 2 workers, maximise final_equity"), out);
		assertEquals("settings: capital 20,000.00 · fees 10 bps · slippage 5 bps · fraction of equity 1 · long and short · ruin stops",
				lines.get(1));
		String id = lines.get(0).split(" ")[1];
		assertTrue(out.contains("sweep " + id + ": COMPLETED 6 of 6 combos · best final_equity "), out);
		assertTrue(out.contains("\n  settings: capital 20,000.00 · "), out);
		assertTrue(out.lines().anyMatch(l -> l.startsWith("  best: bb_period=")), out);

		work.resume(session, id, "--capital", "10000");
		assertEquals("backstop:resume: capital differs from the sweep's checkpoint: 20,000.00 there, 10,000.00 asked;"
				+ " a resumed sweep keeps the settings it started with", session.take().lines().findFirst().orElseThrow());

		work.jobs(session, "--all");
		assertTrue(session.take().lines().anyMatch(l -> l.matches(java.util.regex.Pattern.quote(id) + " +sweep +bollinger_zscore +COMPLETED .*")));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = {
			"sweep|bollinger_zscore bb_period=10:20|backstop:sweep: parameter bb_period: a sweep takes from:to:step, a list or one value, not 10:20",
			"sweep|bollinger_zscore bb_period=20:10:5|backstop:sweep: parameter bb_period: range 20:10:5 ends below its start",
			"sweep|bollinger_zscore --objective profit|backstop:sweep: objective: profit is not a metric of a sweep of bollinger_zscore; one of total_pnl, final_equity, total_return_pct, cagr_pct, trades, win_rate_pct, sharpe, sortino, calmar, volatility_pct, max_drawdown_pct, profit_factor, expectancy, avg_trade_pct, exposure_pct, sharpe_per_trade, max_drawdown_closed_pct",
			"sweep|bollinger_zscore --workers -1|backstop:sweep: --workers must be between 0 and 1024, got -1",
			"sweep|bollinger_atr bb_period=2:500:1 bb_std=0.5:5:0.001 atr_period=1:500:1 atr_k=0.1:20:0.01|backstop:sweep: parameters: the grid has 2,235,892,004,500 combinations; a sweep holds at most 2,147,483,648 combinations; narrow a range or widen its step",
			"sweep|sma_crossover fast_period=30,40 slow_period=20,30|backstop:sweep: parameters: none of the 24 combinations keeps sma_crossover's constraint fast_period < slow_period",
			"sweep|bollinger_zscore --from 2030-01-01|backstop:sweep: from/to: no bar of BTCUSDT_5m from 2030-01-01 00:00 UTC; it runs from 2025-04-03 17:05 UTC to 2025-07-02 17:00 UTC",
			"sweep|bollinger_zscore --fees-bps -1|backstop:sweep: fees must be between 0 and 10,000 bps, not -1.0",
			"llm|sma_crossover fast_period=5:9:1|backstop:llm: parameter fast_period: an LLM run takes bounds low:high or one value, not the range 5:9:1",
			"llm|sma_crossover --iterations 0|backstop:llm: --iterations must be between 1 and 1000, got 0",
			"llm|sma_crossover --objective profit|backstop:llm: objective: profit is not a metric of an LLM run of sma_crossover; one of sharpe, sortino, calmar, total_return, cagr, max_drawdown, win_rate, profit_factor, expectancy, average_trade, exposure, trade_count, final_equity, volatility",
			"resume||backstop:resume: no sweep, search or walk-forward id or directory given",
			"cancel|nope|backstop:cancel: no run nope" })
	void badArgumentsGiveOneLineAndTheUsage(String function, String arguments, String error) {
		String[] args = arguments == null ? new String[0] : arguments.split(" ");
		switch (function) {
		case "sweep" -> work.sweep(session, args);
		case "llm" -> work.llm(session, args);
		case "resume" -> work.resume(session, args);
		case "cancel" -> work.cancel(session, args);
		default -> throw new IllegalArgumentException(function);
		}
		List<String> lines = session.take().lines().toList();
		assertEquals(2, lines.size(), lines.toString());
		assertEquals(error, lines.get(0));
		assertTrue(lines.get(1).startsWith("usage: backstop:" + function), lines.get(1));
	}

	@Test
	void aModelNameWithSpacesIsRefused() {
		work.llm(session, "sma_crossover", "--model", "two words");
		assertEquals("backstop:llm: model: 'two words' is not a model name", session.take().lines().findFirst().orElseThrow());
	}
}
