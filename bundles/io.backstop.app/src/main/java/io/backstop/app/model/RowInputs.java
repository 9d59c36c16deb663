package io.backstop.app.model;

import java.util.LinkedHashMap;
import java.util.Map;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.run.Formats;
import io.backstop.run.ResultRow;

/** What a result row's context menu takes back to a run: its parameters as values, or ranges around them. */
public final class RowInputs {

	/** Steps a "sweep around" range reaches on each side of the row's value. */
	static final int STEPS_AROUND = 2;

	private RowInputs() {
	}

	/** The row's parameters as a backtest takes them ("20"), in the strategy's order. */
	public static Map<String, String> values(ResultRow row) {
		Map<String, String> typed = new LinkedHashMap<>();
		row.parameters().asMap().forEach((name, value) -> typed.put(name, Formats.plain(value)));
		return typed;
	}

	/**
	 * Ranges of {@value #STEPS_AROUND} sweep steps on each side of each of the row's values, as far as the
	 * parameter's bounds allow, so the row's own value is one of them ("5:25:5" around 15); a parameter
	 * its strategy does not sweep keeps its value.
	 */
	public static Map<String, String> around(Strategy strategy, ResultRow row) {
		Map<String, String> typed = new LinkedHashMap<>();
		for (ParameterSpec spec : strategy.parameters()) {
			double value = row.parameters().getDouble(spec.name());
			double step = spec.sweepStep();
			if (!(step > 0) || spec.sweepStart() == spec.sweepStop()) {
				typed.put(spec.name(), Formats.plain(value));
				continue;
			}
			// whole steps from the value, so the range holds the row's own value
			double low = value - Math.min(STEPS_AROUND, Math.floor((value - spec.min()) / step + 1e-9)) * step;
			double high = value + Math.min(STEPS_AROUND, Math.floor((spec.max() - value) / step + 1e-9)) * step;
			typed.put(spec.name(), Formats.plain(low) + ":" + Formats.plain(high) + ":" + Formats.plain(step));
		}
		return typed;
	}
}
