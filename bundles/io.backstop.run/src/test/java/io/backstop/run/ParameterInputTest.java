package io.backstop.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.RunSettings;

/** What people type for a parameter, read against its spec: every error one line naming the parameter. */
class ParameterInputTest {

	private static final ParameterSpec PERIOD = ParameterSpec.ofInt("bb_period", 20, 2, 500, 10, 50, 5, "period");
	private static final ParameterSpec ENTRY = ParameterSpec.ofDouble("entry_z", 2, 0.1, 10, 1, 3, 0.5, "entry");

	@Test
	void eachFormReadsAsItsKind() {
		assertEquals(new ParameterInput.Value(20), ParameterInput.parse(PERIOD, RunKind.BACKTEST, "20"));
		assertArrayEquals(new double[] { 10, 15, 20 }, ParameterInput.parse(PERIOD, RunKind.SWEEP, "10:20:5").values(PERIOD));
		assertArrayEquals(new double[] { 10, 20, 30 }, ParameterInput.parse(PERIOD, RunKind.SWEEP, "10,20,30").values(PERIOD));
		assertArrayEquals(new double[] { 1.5, 3 }, ParameterInput.parse(ENTRY, RunKind.LLM, "1.5:3").bounds(ENTRY));
		assertArrayEquals(new double[] { 1, 1.1, 1.2, 1.3 }, ParameterInput.parse(ENTRY, RunKind.SWEEP, "1:1.3:0.1").values(ENTRY));
		assertEquals("10:50:5", ParameterInput.parse("bb_period", " 10:50:5 ").text());
		assertEquals("1.5:3", ParameterInput.parse("entry_z", "1.5:3").text());
	}

	@Test
	void everyProblemIsOneLineNamingTheParameter() {
		List<String[]> cases = List.of(new String[] { "BACKTEST", "abc", "parameter bb_period: 'abc' is not a number" },
				new String[] { "BACKTEST", "", "parameter bb_period has no value" },
				new String[] { "BACKTEST", "1000", "parameter bb_period = 1000 is outside [2, 500]" },
				new String[] { "BACKTEST", "20.5", "parameter bb_period must be a whole number, got 20.5" },
				new String[] { "BACKTEST", "10:50:5",
						"parameter bb_period: a backtest takes one value, not 10:50:5 (ranges and lists are for sweeps)" },
				new String[] { "SWEEP", "50:10:5", "parameter bb_period: range 50:10:5 ends below its start" },
				new String[] { "SWEEP", "10:50:0", "parameter bb_period: step must be positive, not 0" },
				new String[] { "SWEEP", "10:50:2.5", "parameter bb_period is a whole number: step 2.5 is not" },
				new String[] { "SWEEP", "10,20,10", "parameter bb_period: value 10 listed twice" },
				new String[] { "SWEEP", "10,,20", "parameter bb_period: empty value in list '10,,20'" },
				new String[] { "SWEEP", "10:20", "parameter bb_period: a sweep takes from:to:step, a list or one value, not 10:20" },
				new String[] { "SWEEP", "1:2:3:4", "parameter bb_period: '1:2:3:4' must be from:to:step (a range) or low:high (bounds)" },
				new String[] { "SWEEP", "2:400000:1", "parameter bb_period: range 2:400000:1 has more than 100,000 values" },
				new String[] { "LLM", "10:50:5", "parameter bb_period: an LLM run takes bounds low:high or one value, not the range 10:50:5" },
				new String[] { "LLM", "40:20", "parameter bb_period: bounds 40:20 end below their start" });
		for (String[] c : cases) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
					() -> ParameterInput.parse(PERIOD, RunKind.valueOf(c[0]), c[1]), c[1]);
			assertEquals(c[2], e.getMessage());
			assertFalse(e.getMessage().contains("\n"));
		}
	}

	@Test
	void requestsRefuseBadCountsInOneLine() {
		assertEquals("workers must be between 0 (one per processor) and 1,024, not -1", assertThrows(
				IllegalArgumentException.class, () -> RunRequest.builder(RunKind.SWEEP, "x").workers(-1).build()).getMessage());
		assertEquals("model: 'two words' is not a model name", assertThrows(IllegalArgumentException.class,
				() -> RunRequest.builder(RunKind.LLM, "x").llmModel("two words").build()).getMessage());
		assertEquals("parameter a given twice", assertThrows(IllegalArgumentException.class,
				() -> RunRequest.builder(RunKind.SWEEP, "x").parameter("a", "1").parameter("a", "2")).getMessage());
	}

	@Test
	void numbersReadForPeople() {
		assertEquals("12,400 of 40,000 combos · 38,000 combos/s · ETA 49 s · best sharpe 3.91",
				new RunProgress(RunState.RUNNING, 12_400, 40_000, "combos", 38_000, Duration.ofMillis(48_961), "sharpe",
						3.9128158251967395).describe());
		assertEquals("40,000 of 40,000 combos · best sharpe 3.91", new RunProgress(RunState.COMPLETED, 40_000, 40_000,
				"combos", 38_000, null, "sharpe", 3.9128).describe());
		assertEquals("-12.34 %", Formats.percent(-0.1234));
		assertEquals("n/a", Formats.percent(Double.NaN));
		assertEquals("850 ms", Formats.millis(850));
		assertEquals("2.5 s", Formats.millis(2_500));
		assertEquals("3 min 12 s", Formats.millis(192_000));
		assertEquals("1 h 05 min", Formats.millis(3_900_000));
		assertEquals("2.5 iterations/s", Formats.rate(2.5, "iterations"));
		assertEquals("10,000.00", Formats.money(10_000));
		assertEquals("81,794.8", Formats.price(81_794.8, 1));
		assertEquals("0.7127", Formats.price(0.71265615, 4), "a fill with slippage in the instrument's precision");
		assertEquals("1,200", Formats.number(1200));
		assertEquals("0.000123", Formats.number(0.000123));
		assertEquals("5 min", Formats.interval(300_000));
		assertEquals("capital 20,000.00 · fees 0 bps · slippage 5 bps · fraction of equity 0.5 · long only · ruin stops",
				Formats.settings(RunSettings.defaults().withCapital(20_000).withCosts(0, 5)
						.withSizing(io.backstop.backtest.Sizing.EQUITY_FRACTION, 0.5).withAllowShort(false)));
	}
}
