package io.backstop.run.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.backstop.backtest.ParameterGrid;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.ParameterType;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;
import io.backstop.run.Formats;
import io.backstop.run.ParameterInput;
import io.backstop.run.RunKind;
import io.backstop.run.RunRequest;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepService;

/**
 * A request read against its strategy: what each kind of run takes for every parameter, the
 * given inputs or the parameter's defaults. Every problem is one line naming the field.
 */
final class Requests {

	private Requests() {
	}

	/** Checks every field a request has against its strategy. */
	static void check(RunRequest request, Strategy strategy, List<String> metrics) {
		for (Map.Entry<String, ParameterInput> given : request.parameters().entrySet()) {
			given.getValue().check(spec(strategy, given.getKey()), request.kind());
		}
		if (request.kind() != RunKind.BACKTEST && !metrics.contains(request.objective().metric())) {
			throw new IllegalArgumentException("objective: " + request.objective().metric() + " is not a metric of "
					+ (request.kind() == RunKind.LLM ? "an LLM run" : "a " + request.kind().label()) + " of " + strategy.id() + "; one of " + String.join(", ", metrics));
		}
		if (request.kind() == RunKind.SWEEP) {
			checkGridSize(sweepRanges(request, strategy), strategy);
		}
	}

	/**
	 * Refuses a grid of which the strategy's constraints admit no combination, or more than a sweep
	 * holds, naming its size and the limit.
	 */
	private static void checkGridSize(List<ParameterRange> ranges, Strategy strategy) {
		String limit = "a sweep holds at most " + Formats.count(SweepService.MAX_COMBINATIONS)
				+ " combinations; narrow a range or widen its step";
		ParameterGrid grid;
		try {
			grid = ParameterGrid.of(ranges.stream().map(ParameterRange::name).toList(),
					ranges.stream().map(ParameterRange::values).toList(), strategy.constraints())
					.requireAdmitted(strategy.id());
		} catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("parameters: " + e.getMessage()
					+ (e.getMessage().contains("than can be counted") ? "; " + limit : ""));
		}
		if (grid.size() > SweepService.MAX_COMBINATIONS) {
			throw new IllegalArgumentException("parameters: the grid has " + Formats.count(grid.size()) + " combinations; " + limit);
		}
	}

	/** A backtest's values: those given, the defaults for the others, in the strategy's order. */
	static Parameters backtestParameters(RunRequest request, Strategy strategy) {
		Map<String, Double> values = new LinkedHashMap<>();
		for (ParameterSpec spec : strategy.parameters()) {
			ParameterInput input = request.parameters().get(spec.name());
			values.put(spec.name(), input == null ? spec.defaultValue() : input.values(spec)[0]);
		}
		return Parameters.of(values);
	}

	/** A sweep's ranges, one per parameter in the strategy's order: the values given, else its default sweep range. */
	static List<ParameterRange> sweepRanges(RunRequest request, Strategy strategy) {
		List<ParameterRange> ranges = new ArrayList<>();
		for (ParameterSpec spec : strategy.parameters()) {
			ParameterInput input = request.parameters().get(spec.name());
			double[] values = input != null ? input.values(spec) : spec.sweepValues();
			ranges.add(ParameterRange.values(spec.name(), values.length == 0 ? new double[] { spec.defaultValue() } : values));
		}
		return ranges;
	}

	/**
	 * What an LLM run may propose for each parameter: the bounds given, else those of its default
	 * sweep range, the region worth exploring (the valid range is often far wider).
	 */
	static List<io.backstop.llm.ParameterSpec> llmBounds(RunRequest request, Strategy strategy) {
		List<io.backstop.llm.ParameterSpec> bounds = new ArrayList<>();
		for (ParameterSpec spec : strategy.parameters()) {
			ParameterInput input = request.parameters().get(spec.name());
			double low;
			double high;
			if (input != null) {
				double[] b = input.bounds(spec);
				low = b[0];
				high = b[1];
			} else {
				low = Math.max(spec.min(), Math.min(spec.sweepStart(), spec.sweepStop()));
				high = Math.min(spec.max(), Math.max(spec.sweepStart(), spec.sweepStop()));
			}
			bounds.add(spec.type() == ParameterType.INT
					? io.backstop.llm.ParameterSpec.integer(spec.name(), (long) low, (long) high)
					: io.backstop.llm.ParameterSpec.decimal(spec.name(), low, high));
		}
		return bounds;
	}

	/** The inputs a sweep's ranges amount to, for a request rebuilt from a checkpoint. */
	static Map<String, ParameterInput> inputsOf(List<ParameterRange> ranges) {
		Map<String, ParameterInput> inputs = new LinkedHashMap<>();
		for (ParameterRange range : ranges) {
			double[] values = range.values();
			List<Double> list = new ArrayList<>();
			for (double v : values) {
				list.add(v);
			}
			inputs.put(range.name(),
					values.length == 1 ? new ParameterInput.Value(values[0]) : new ParameterInput.ValueList(list));
		}
		return inputs;
	}

	private static ParameterSpec spec(Strategy strategy, String name) {
		return strategy.parameter(name).orElseThrow(() -> new IllegalArgumentException("unknown parameter " + name
				+ " for " + strategy.id() + "; its parameters: "
				+ strategy.parameters().stream().map(ParameterSpec::name).collect(Collectors.joining(", "))));
	}
}
