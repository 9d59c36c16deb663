package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopRequest;

/** The console's data and backtest commands inside Equinox, over the real run service. */
class BackstopCommandsIT {

	private final TestSession session = new TestSession();
	private EmergencyStop stop;
	private BackstopCommands commands;

	@TempDir
	Path dir;

	@BeforeEach
	void wire() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(BackstopCommandsIT.class).getBundleContext();
		stop = waitFor(context, EmergencyStop.class);
		commands = waitFor(context, BackstopCommands.class);
		stop.reset();
		session.currentDir(dir);
	}

	static <T> T waitFor(BundleContext context, Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(10_000);
		assertNotNull(found, type.getSimpleName() + " was not registered by DS");
		return found;
	}

	@Test
	void strategiesListsEachWithParametersTypesDefaultsAndSweepRanges() {
		commands.strategies(session);
		String out = session.take();
		for (String id : List.of("sma_crossover", "ema_crossover", "bollinger_atr", "rsi_reversal", "macd_crossover",
				"donchian_breakout", "bollinger_zscore")) {
			assertTrue(out.contains("\n" + id + " - ") || out.startsWith(id + " - "), id + " in\n" + out);
		}
		assertTrue(out.lines().anyMatch(l -> l.matches("  from bundle io\\.backstop\\.backtest 0\\.1\\.0\\..+")), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("  parameter +type +default +min +max +default sweep +values +description")), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("  bb_period +int +20 +2 +1000 +10:50:5 +9 +.*")), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("  entry_z +double +2\\.0 +0\\.05 +10\\.0 +1\\.0:3\\.0:0\\.5 +5 +.*")), out);

		commands.strategies(session, "sma_crossover");
		assertTrue(session.take().contains(
				"\n  constraints: fast_period < slow_period (sweeps and searches run only the combinations that keep them)\n"));

		commands.strategies(session, "bollinger_zscore");
		String one = session.take();
		assertTrue(!one.contains("constraints:"), "a strategy without constraints lists none");
		assertTrue(one.startsWith("bollinger_zscore - "), one);
		assertEquals(1, one.lines().filter(l -> l.contains(" - ") && !l.startsWith(" ")).count(), one);
	}

	@Test
	void loadWithoutArgumentLoadsTheSampleAndBacktestRunsOnIt() {
		commands.load(session);
		String loaded = session.take();
		assertTrue(loaded.startsWith("Loaded BTCUSDT_5m: 25,920 bars of 5 min, 2025-04-03 17:05 to 2025-07-02 17:00 UTC\n"), loaded);

		commands.backtest(session, "sma_crossover", "fast_period=5", "slow_period=40", "--capital", "20000", "--fees-bps",
				"2", "--sizing", "equity:0.5", "--no-shorts");
		String out = session.take();
		assertTrue(out.startsWith("sma_crossover on BTCUSDT_5m: completed, 25,920 of 25,920 bars in "), out);
		assertTrue(out.contains("\nsettings: capital 20,000.00 · fees 2 bps · slippage 5 bps · fraction of equity 0.5 · long only · ruin stops\n"), out);
		assertTrue(out.contains("parameters: fast_period=5, slow_period=40, stop_loss_pct="), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("trades +\\d+")), out);
		assertTrue(out.lines().anyMatch(l -> l.matches("sharpe +-?[0-9.]+")), out);
	}

	@Test
	void backtestFromToRunsOnTheDaysGivenOnly() {
		commands.load(session);
		session.take();
		commands.backtest(session, "sma_crossover", "--from", "2025-05-01", "--to", "2025-05-01");
		String out = session.take();
		assertTrue(out.startsWith("sma_crossover on BTCUSDT_5m from 2025-05-01 00:00 UTC to 2025-05-01 23:59 UTC: completed, "
				+ "288 of 288 bars in "), out);
		commands.backtest(session, "sma_crossover", "--from", "2025-06-30T12:00");
		out = session.take();
		assertTrue(out.startsWith("sma_crossover on BTCUSDT_5m from 2025-06-30 12:00 UTC: completed, 637 of 637 bars in "), out);
	}

	@Test
	void loadReadsACsvFileRelativeToTheSessionDirectory() throws Exception {
		Files.writeString(dir.resolve("bars.csv"), """
				timestamp,open,high,low,close,volume
				2025-01-01 00:00:00,100,101,99,100.5,10
				2025-01-01 01:00:00,100.5,102,100,101.5,12
				2025-01-01 02:00:00,101.5,103,101,102.5,9
				""");
		commands.load(session, "bars.csv");
		String out = session.take();
		assertTrue(out.startsWith("Loaded bars: 3 bars of 1 h, 2025-01-01 00:00 to 2025-01-01 02:00 UTC\n"), out);
	}

	@Test
	void aCsvErrorNamesTheFileLineAndField() throws Exception {
		Files.writeString(dir.resolve("broken.csv"), """
				timestamp,open,high,low,close,volume
				2025-01-01 00:00:00,100,101,99,100.5,10
				2025-01-01 01:00:00,100.5,abc,100,101.5,12
				""");
		commands.load(session, "broken.csv");
		List<String> lines = session.take().lines().toList();
		assertEquals(2, lines.size(), lines.toString());
		assertTrue(lines.get(0).startsWith("backstop:load: ") && lines.get(0).contains("broken.csv")
				&& lines.get(0).contains("3") && lines.get(0).contains("high"), lines.get(0));
		assertTrue(lines.get(1).startsWith("usage: backstop:load"), lines.get(1));
	}

	@Test
	void backtestIsRefusedWhileTheStopSignalIsRaised() {
		commands.load(session);
		session.take();
		stop.requestStop(StopRequest.of("test", "test")).join();
		commands.backtest(session, "sma_crossover");
		assertEquals("backstop:backtest: the backtest of sma_crossover refused: the emergency stop is active; reset it to run new work\n"
				+ "hint: estop:reset lowers the emergency stop signal; then run it again\n", session.take());
		stop.reset();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = {
			"strategies|nope|backstop:strategies: unknown strategy nope; known: sma_crossover, ema_crossover, bollinger_atr, rsi_reversal, macd_crossover, donchian_breakout, bollinger_zscore",
			"strategies|a b|backstop:strategies: unexpected argument 'b'",
			"strategies|--all|backstop:strategies: unknown option --all",
			"load|missing.csv|backstop:load: no such file: {dir}/missing.csv",
			"load|.|backstop:load: {dir} is a directory, not a data file",
			"load|a b c|backstop:load: unexpected argument 'c'",
			"load|BTCUSDT 5x|backstop:load: timeframe: unknown unit 'x' in '5x' (s, m, h, d or w)",
			"backtest|--fast|backstop:backtest: unknown option --fast",
			"backtest|nope|backstop:backtest: unknown strategy nope; known: sma_crossover, ema_crossover, bollinger_atr, rsi_reversal, macd_crossover, donchian_breakout, bollinger_zscore",
			"backtest|sma_crossover fast=5|backstop:backtest: unknown parameter fast for sma_crossover; its parameters: fast_period, slow_period, stop_loss_pct",
			"backtest|sma_crossover fast_period|backstop:backtest: expected name=value, got 'fast_period'",
			"backtest|sma_crossover =5|backstop:backtest: expected name=value, got '=5'",
			"backtest|sma_crossover fast_period=|backstop:backtest: parameter fast_period has no value",
			"backtest|sma_crossover fast_period=abc|backstop:backtest: parameter fast_period: 'abc' is not a number",
			"backtest|sma_crossover fast_period=NaN|backstop:backtest: parameter fast_period: 'NaN' is not a number",
			"backtest|sma_crossover fast_period=5d|backstop:backtest: parameter fast_period: '5d' is not a number",
			"backtest|sma_crossover fast_period=1|backstop:backtest: parameter fast_period = 1 is outside [2, 500]",
			"backtest|sma_crossover fast_period=7.5|backstop:backtest: parameter fast_period must be a whole number, got 7.5",
			"backtest|sma_crossover fast_period=5 fast_period=6|backstop:backtest: parameter fast_period given twice",
			"backtest|sma_crossover fast_period=5:9:1|backstop:backtest: parameter fast_period: a backtest takes one value, not 5:9:1 (ranges and lists are for sweeps)",
			"backtest|sma_crossover --capital -5|backstop:backtest: capital must be a positive amount, not -5.0",
			"backtest|sma_crossover --fees-bps 20000|backstop:backtest: fees must be between 0 and 10,000 bps, not 20000.0",
			"backtest|sma_crossover --slippage-bps x|backstop:backtest: --slippage-bps: 'x' is not a number",
			"backtest|sma_crossover --sizing equity|backstop:backtest: --sizing: 'equity' must be equity:F, notional:N or quantity:N",
			"backtest|sma_crossover --sizing quantity:0|backstop:backtest: the sizing value must be positive, not 0.0",
			"backtest|sma_crossover --ruin maybe|backstop:backtest: --ruin: 'maybe' must be stop or continue",
			"backtest|sma_crossover --from 05/01|backstop:backtest: --from: '05/01' is not a date (2025-05-01 or 2025-05-01 14:30, UTC)",
			"backtest|sma_crossover --from 2025-06-01 --to 2025-05-01|backstop:backtest: --to: 2025-05-01 23:59 UTC is before --from 2025-06-01 00:00 UTC",
			"backtest|sma_crossover --from 2030-01-01|backstop:backtest: from/to: no bar of BTCUSDT_5m from 2030-01-01 00:00 UTC; it runs from 2025-04-03 17:05 UTC to 2025-07-02 17:00 UTC", })
	void badArgumentsGiveOneLineAndTheUsage(String function, String arguments, String error) {
		commands.load(session);
		session.take();
		String[] args = arguments.split(" ");
		switch (function) {
		case "strategies" -> commands.strategies(session, args);
		case "load" -> commands.load(session, args);
		case "backtest" -> commands.backtest(session, args);
		default -> throw new IllegalArgumentException(function);
		}
		String out = session.take();
		List<String> lines = out.lines().toList();
		assertEquals(2, lines.size(), out);
		assertEquals(error.replace("{dir}", dir.toString()), lines.get(0));
		assertTrue(lines.get(1).startsWith("usage: backstop:" + function), lines.get(1));
	}

	@Test
	void backtestWithoutStrategy() {
		commands.backtest(session);
		assertEquals("backstop:backtest: no strategy given\nusage: " + BackstopCommands.BACKTEST_USAGE + "\n", session.take());
	}
}
