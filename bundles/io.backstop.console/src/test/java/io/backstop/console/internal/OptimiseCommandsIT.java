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

/** backstop:optimise, backstop:walkforward and backstop:overfit inside Equinox over the real services and the sample. */
class OptimiseCommandsIT {

	private final TestSession session = new TestSession();
	private OptimiseCommands commands;

	@BeforeEach
	void wire() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(OptimiseCommandsIT.class).getBundleContext();
		BackstopCommandsIT.waitFor(context, EmergencyStop.class).reset();
		commands = BackstopCommandsIT.waitFor(context, OptimiseCommands.class);
		BackstopCommandsIT.waitFor(context, BackstopCommands.class).load(session);
		session.take();
	}

	@Test
	void aSearchPrintsProgressAndItsBestThenItsOverfittingChecks() {
		commands.optimise(session, "sma_crossover", "stop_loss_pct=0", "--method", "cmaes", "--budget", "40", "--seed", "3",
				"--every", "0.1", "--wait");
		String out = session.take();
		List<String> lines = out.lines().toList();
		assertTrue(lines.get(0).matches("Search (search-\\d+) started: cmaes search of sma_crossover on BTCUSDT_5m, 174 points,"
				+ " budget 40 evaluations, seed 3, maximise sharpe"), out);
		String id = lines.get(0).split(" ")[1];
		assertTrue(out.contains(id + " completed: budget of 40 evaluations used; 40 evaluations\n"), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("best: fast_period=\\d+, slow_period=\\d+, stop_loss_pct=0 \\(evaluation \\d+\\)")), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("Sharpe +-?[\\d,.]+")), out);

		commands.optimise(session, "--resume", id);
		assertEquals("backstop:optimise: search " + id + " is complete", session.take().lines().findFirst().orElseThrow());

		commands.overfit(session, id);
		String checks = session.take();
		assertTrue(checks.startsWith("search " + id + ": "), checks);
		assertTrue(checks.lines().anyMatch(l -> l.matches("Deflated Sharpe [\\d.]+ %: .* after [\\d,]+ trials")), checks);
		assertTrue(checks.lines().anyMatch(l -> l.matches("PBO [\\d.]+ %: .* \\(12,870 splits, \\d+ trials\\)")), checks);

		commands.overfit(session, id, "--json");
		String json = session.take();
		assertTrue(json.contains("\"deflated_sharpe\": {") && json.contains("\"combinations\": 12870"), json);
	}

	@Test
	void aWalkForwardPrintsItsWindowsAndEfficiency() {
		commands.walkforward(session, "ema_crossover", "stop_loss_pct=0", "--windows", "3", "--in", "6000", "--out", "3000",
				"--method", "random", "--budget", "20", "--quiet", "--wait");
		String out = session.take();
		assertTrue(out.lines().findFirst().orElseThrow().matches("Walk-forward walkforward-\\d+ started: 3 rolling windows of"
				+ " 6,000 in-sample and 3,000 out-of-sample bars, random search of 20 evaluations each, maximise sharpe"), out);
		assertTrue(out.contains(" completed: 3 windows tested out of sample\n"), out);
		assertEquals(3, out.lines().filter(l -> l.matches(" *[123] +6,000 +3,000 .*")).count(), out);
		assertTrue(out.lines().anyMatch(l -> l.startsWith("stitched out-of-sample return ") && l.contains("walk-forward efficiency")), out);
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = {
			"optimise|sma_crossover --budget 10|backstop:optimise: --method: none given; one of random, genetic, cmaes",
			"optimise|sma_crossover --method grid --budget 10|backstop:optimise: method: 'grid' is not one of random, genetic, cmaes",
			"optimise|sma_crossover --method random|backstop:optimise: --budget: none given; the most evaluations the search may run",
			"optimise|sma_crossover --method random --budget 0|backstop:optimise: --budget must be between 1 and 10000000, got 0",
			"optimise|sma_crossover --method random --budget 5 --seed x|backstop:optimise: --seed: 'x' is not a whole number",
			"optimise|sma_crossover fast_period=1 --method random --budget 5|backstop:optimise: parameter fast_period = 1 is outside [2, 500]",
			"optimise|sma_crossover fast_period=5:9 --method random --budget 5|backstop:optimise: parameter fast_period: a search takes from:to:step, a list or one value, not 5:9",
			"optimise|sma_crossover --method random --budget 5 --objective alpha|backstop:optimise: objective: alpha is not a metric of a search of sma_crossover; one of total_pnl, final_equity, total_return_pct, cagr_pct, trades, win_rate_pct, sharpe, sortino, calmar, volatility_pct, max_drawdown_pct, profit_factor, expectancy, avg_trade_pct, exposure_pct",
			"walkforward|sma_crossover --method random --budget 5 --windows 3 --in 6000|backstop:walkforward: --out: none given",
			"walkforward|sma_crossover --method random --budget 5 --windows 30 --in 6000 --out 3000|backstop:walkforward: windows: 6000 in-sample bars and 30 windows of 3000 out-of-sample bars need 96,000 bars; the data has 25,920",
			"overfit||backstop:overfit: no search or sweep id given",
			"overfit|search-999|backstop:overfit: unknown search or sweep search-999" })
	void badArgumentsGiveOneLineAndTheUsage(String function, String arguments, String error) {
		String[] args = arguments == null ? new String[0] : arguments.split(" ");
		switch (function) {
		case "optimise" -> commands.optimise(session, args);
		case "walkforward" -> commands.walkforward(session, args);
		case "overfit" -> commands.overfit(session, args);
		default -> throw new IllegalArgumentException(function);
		}
		List<String> lines = session.take().lines().toList();
		assertEquals(2, lines.size(), lines.toString());
		assertEquals(error, lines.get(0));
		assertTrue(lines.get(1).startsWith("usage: backstop:" + function), lines.get(1));
	}
}
