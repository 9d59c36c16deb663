package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.run.ParameterInput;
import io.backstop.run.RunKind;
import io.backstop.run.RunRequest;

/** The Run view's parameters as typed, for each kind of run. */
class RunFormTest {

	private static final Strategy SMA = new SmaCrossoverStrategy();

	@Test
	void eachKindOffersTheParametersDefaultsInTheServicesSyntax() {
		var spec = SMA.parameter("slow_period").orElseThrow();
		assertEquals(io.backstop.run.Formats.plain(spec.defaultValue()), new RunForm(SMA, RunKind.BACKTEST).input("slow_period"));
		assertEquals(io.backstop.run.Formats.plain(spec.sweepStart()) + ":" + io.backstop.run.Formats.plain(spec.sweepStop())
				+ ":" + io.backstop.run.Formats.plain(spec.sweepStep()), new RunForm(SMA, RunKind.SWEEP).input("slow_period"));
		assertEquals(2, new RunForm(SMA, RunKind.LLM).input("slow_period").split(":").length, "bounds low:high");
	}

	@Test
	void aSweepSaysHowManyCombinationsItsRangesMakeOrWhatIsWrongWithThem() {
		RunForm sweep = new RunForm(SMA, RunKind.SWEEP);
		for (String name : sweep.inputs().keySet()) {
			sweep.setInput(name, RunForm.defaultInput(SMA.parameter(name).orElseThrow(), RunKind.BACKTEST));
		}
		assertEquals("1 combination", sweep.combinations());
		sweep.setInput("slow_period", "20:60:10");
		assertEquals("5 combinations", sweep.combinations());
		sweep.setInput("fast_period", "10:50:10");
		assertEquals("15 of 25 combinations (fast_period < slow_period)", sweep.combinations(),
				"only fast below slow counts");
		sweep.setInput("fast_period", "60,70");
		assertEquals("none of the 10 combinations keeps sma_crossover's constraint fast_period < slow_period",
				sweep.combinations());
		sweep.setInput("fast_period", "10");
		sweep.setInput("slow_period", "20:60:0");
		assertEquals("parameter slow_period: step must be positive, not 0", sweep.combinations());
		assertEquals("", new RunForm(SMA, RunKind.BACKTEST).combinations(), "a backtest has no combinations");
	}

	@Test
	void theRequestCarriesWhatIsTypedAndABadInputIsOneLineNamingTheParameter() {
		RunForm sweep = new RunForm(SMA, RunKind.SWEEP);
		sweep.setInput("slow_period", "10,20,30");
		RunRequest request = sweep.request().build();
		assertEquals(RunKind.SWEEP, request.kind());
		assertEquals(new ParameterInput.ValueList(java.util.List.of(10.0, 20.0, 30.0)), request.parameters().get("slow_period"));
		sweep.setInput("slow_period", "ten");
		assertEquals("parameter slow_period: 'ten' is not a number",
				assertThrows(IllegalArgumentException.class, sweep::request).getMessage());
		assertThrows(IllegalArgumentException.class, () -> sweep.setInput("no_such", "1"));
	}
}
