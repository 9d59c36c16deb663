package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.run.ResultRow;
import io.backstop.run.RunKind;

/** A result row's parameters taken back to the Run view or run again. */
class RowInputsTest {

	private static final OhlcvSeries BARS = new OhlcvSeries("BTCUSDT", "test", new long[] { 0, 300_000 },
			new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 }, new double[] { 1, 1 });
	private static final Strategy SMA = new SmaCrossoverStrategy();
	private static final RunSettings SETTINGS = RunSettings.defaults().withSizing(Sizing.FIXED_NOTIONAL, 500);

	private static ResultRow row(double fast, double slow) {
		return new ResultRow(4, "sweep-1", RunKind.SWEEP, "sweep 1", SMA.id(),
				Parameters.defaults(SMA.parameters()).with("fast_period", fast).with("slow_period", slow), SETTINGS, "completed", Map.of(), BARS, 0, null);
	}

	@Test
	void valuesAreTheRowsParametersAsABacktestTakesThem() {
		Map<String, String> values = RowInputs.values(row(15, 40));
		assertEquals("15", values.get("fast_period"));
		assertEquals("40", values.get("slow_period"));
		assertEquals(SMA.parameters().size(), values.size(), "every parameter");
	}

	@Test
	void aroundIsTwoSweepStepsEachSideWithinTheParametersBounds() {
		// sma_crossover sweeps fast_period by 5 from 5 and slow_period by 10; fast_period's least value is 2
		Map<String, String> around = RowInputs.around(SMA, row(15, 40));
		assertEquals("5:25:5", around.get("fast_period"));
		assertEquals("20:60:10", around.get("slow_period"));
		assertEquals("3:13:5", RowInputs.around(SMA, row(3, 40)).get("fast_period"), "never below the minimum of 2");
	}
}
