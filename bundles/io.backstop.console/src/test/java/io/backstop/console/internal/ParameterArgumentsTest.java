package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;

class ParameterArgumentsTest {

	private final Strategy zscore = StrategyRegistry.standard().get(StrategyRegistry.BOLLINGER_ZSCORE);

	@Test
	void singleFillsDefaultsInTheStrategysOrder() throws Exception {
		Parameters p = ParameterArguments.single(zscore, List.of("k_sl=1.5", "bb_period=30"));
		assertEquals(List.of("bb_period", "bb_std", "entry_z", "k_sl", "leverage"), List.copyOf(p.asMap().keySet()));
		assertEquals(30, p.getInt("bb_period"));
		assertEquals(1.5, p.getDouble("k_sl"));
		assertEquals(2.0, p.getDouble("entry_z"));
	}

	@Test
	void sweepTakesRangesListsAndSingleValuesAndDefaultsTheRest() throws Exception {
		List<ParameterArguments.Axis> axes = ParameterArguments.sweep(zscore,
				List.of("bb_period=10:20:5", "entry_z=1.5,2.5", "k_sl=1"));
		assertEquals(List.of("bb_period", "bb_std", "entry_z", "k_sl", "leverage"), axes.stream().map(ParameterArguments.Axis::name).toList());
		assertArrayEquals(new double[] { 10, 15, 20 }, axes.get(0).values());
		assertTrue(axes.get(0).given());
		assertArrayEquals(new double[] { 2.0 }, axes.get(1).values());
		assertFalse(axes.get(1).given());
		assertArrayEquals(new double[] { 1.5, 2.5 }, axes.get(2).values());
		assertArrayEquals(new double[] { 1 }, axes.get(3).values());
		assertEquals(6, ParameterArguments.combinations(axes));
	}

	@Test
	void defaultSweepIsEveryParametersDefaultRange() throws Exception {
		List<ParameterArguments.Axis> axes = ParameterArguments.sweep(zscore, List.of());
		assertEquals(9L * 1 * 5 * 8 * 1, ParameterArguments.combinations(axes));
		assertArrayEquals(new double[] { 1.0, 1.5, 2.0, 2.5, 3.0 }, axes.get(2).values());
	}

	@Test
	void decimalRangesDoNotDrift() throws Exception {
		double[] values = ParameterArguments.values(zscore.parameter("entry_z").orElseThrow(), "1.0:1.3:0.1");
		assertArrayEquals(new double[] { 1.0, 1.1, 1.2, 1.3 }, values);
	}

	@Test
	void combinationsSaturateInsteadOfOverflowing() {
		double[] many = new double[100_000];
		List<ParameterArguments.Axis> axes = List.of(new ParameterArguments.Axis("a", many, true),
				new ParameterArguments.Axis("b", many, true), new ParameterArguments.Axis("c", many, true),
				new ParameterArguments.Axis("d", many, true));
		assertEquals(Long.MAX_VALUE, ParameterArguments.combinations(axes));
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"bb_period|expected name=from:to:step or name=v1,v2,..., got 'bb_period'",
			"size=1:2:1|unknown parameter size for bollinger_zscore; its parameters: bb_period, bb_std, entry_z, k_sl, leverage",
			"bb_period=10:20|parameter bb_period: range '10:20' must be from:to:step",
			"bb_period=10:20:5:1|parameter bb_period: range '10:20:5:1' must be from:to:step",
			"bb_period=20:10:5|parameter bb_period: range 20:10:5 ends below its start",
			"bb_period=10:20:0|parameter bb_period: step must be positive, got 0",
			"bb_period=10:20:-5|parameter bb_period: step must be positive, got -5",
			"bb_period=10:20:2.5|parameter bb_period is a whole number: step 2.5 is not",
			"bb_period=1:20:1|parameter bb_period = 1 is outside [2, 1000]",
			"bb_period=10:2000:10|parameter bb_period = 1010 is outside [2, 1000]",
			"bb_period=a:20:5|parameter bb_period: 'a' is not a number",
			"entry_z=0.5:1000000:0.00001|parameter entry_z: range 0.5:1000000:0.00001 has more than 100,000 values",
			"entry_z=1,,2|parameter entry_z: empty value in list '1,,2'",
			"entry_z=1,2,1|parameter entry_z: value 1 listed twice",
			"entry_z=1,x|parameter entry_z: 'x' is not a number",
			"entry_z=|parameter entry_z has no value",
			"bb_period=15.5|parameter bb_period must be a whole number, got 15.5", })
	void badSweepArgumentsNameTheParameterAndProblem(String argument, String message) {
		UsageException e = assertThrows(UsageException.class, () -> ParameterArguments.sweep(zscore, List.of(argument)));
		assertEquals(message, e.getMessage());
	}

	@Test
	void aParameterGivenTwiceInASweep() {
		UsageException e = assertThrows(UsageException.class,
				() -> ParameterArguments.sweep(zscore, List.of("k_sl=1", "k_sl=2")));
		assertEquals("parameter k_sl given twice", e.getMessage());
	}
}
