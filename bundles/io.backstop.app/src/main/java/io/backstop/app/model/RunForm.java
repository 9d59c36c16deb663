package io.backstop.app.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.backstop.backtest.ParameterGrid;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Strategy;
import io.backstop.run.Formats;
import io.backstop.run.ParameterInput;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;

/**
 * The Run view's strategy, kind of run and what is typed for each parameter, in the run
 * service's syntax: a value ("20") for a backtest, a range ("10:50:5") or a list ("10,20,30") for
 * a sweep, bounds ("1.5:3") for an LLM run. The service reads and checks what is typed; this
 * only keeps it and offers each parameter's default for the kind chosen.
 */
public final class RunForm {

	private final Strategy strategy;
	private final RunKind kind;
	private final Map<String, String> inputs = new LinkedHashMap<>();
	private RunObjective objective = RunObjective.DEFAULT;
	private int topK = RunRequest.DEFAULT_TOP_K;
	/** 0: one per processor. */
	private int workers;
	private boolean cluster;

	/** The strategy's parameters filled with their defaults for {@code kind}. */
	public RunForm(Strategy strategy, RunKind kind) {
		this.strategy = strategy;
		this.kind = kind;
		for (ParameterSpec spec : strategy.parameters()) {
			inputs.put(spec.name(), defaultInput(spec, kind));
		}
	}

	/** "20" for a backtest, "10:50:5" for a sweep, "10:50" for an LLM run. */
	public static String defaultInput(ParameterSpec spec, RunKind kind) {
		return switch (kind) {
		case BACKTEST -> Formats.plain(spec.defaultValue());
		case SWEEP, SEARCH, WALK_FORWARD -> Formats.plain(spec.sweepStart()) + ":" + Formats.plain(spec.sweepStop()) + ":"
				+ Formats.plain(spec.sweepStep());
		case LLM -> Formats.plain(Math.min(spec.sweepStart(), spec.sweepStop())) + ":"
				+ Formats.plain(Math.max(spec.sweepStart(), spec.sweepStop()));
		};
	}

	/** How the parameters group is titled for the kind chosen. */
	public String parametersTitle() {
		return switch (kind) {
		case BACKTEST -> "Parameters (a value each)";
		case SWEEP, SEARCH, WALK_FORWARD -> "Parameter ranges (from:to:step, or a list 10,20,30)";
		case LLM -> "Bounds the model may choose within (low:high)";
		};
	}

	public Strategy strategy() {
		return strategy;
	}

	public RunKind kind() {
		return kind;
	}

	/** Parameter name to what is typed, in the strategy's order. */
	public Map<String, String> inputs() {
		return Map.copyOf(inputs);
	}

	public String input(String parameter) {
		return inputs.get(parameter);
	}

	public void setInput(String parameter, String typed) {
		if (!inputs.containsKey(parameter)) {
			throw new IllegalArgumentException(strategy.id() + " has no parameter " + parameter);
		}
		inputs.put(parameter, typed);
	}

	/** Replaces the inputs of the parameters {@code typed} names; the others keep theirs. */
	public void setInputs(Map<String, String> typed) {
		typed.forEach(this::setInput);
	}

	/** What ranks a sweep's combinations or an LLM run's iterations. */
	public RunObjective objective() {
		return objective;
	}

	public void setObjective(RunObjective value) {
		objective = value;
	}

	/** How many best combinations a sweep keeps. */
	public int topK() {
		return topK;
	}

	public void setTopK(int value) {
		topK = value;
	}

	/** A sweep's worker threads; 0 for one per processor. */
	public int workers() {
		return workers;
	}

	public void setWorkers(int value) {
		workers = value;
	}

	/** Whether a sweep's ranges, a search's or walk-forward's points go to the other cluster members too. */
	public boolean cluster() {
		return cluster;
	}

	public void setCluster(boolean value) {
		cluster = value;
	}

	/**
	 * For a sweep, how many combinations the ranges make that the strategy's constraints admit
	 * ("1,234 combinations", "190 of 400 combinations (fast_period < slow_period)") or the first
	 * problem with them; empty for the other kinds.
	 */
	public String combinations() {
		if (kind != RunKind.SWEEP) {
			return "";
		}
		try {
			List<String> names = new ArrayList<>();
			List<double[]> values = new ArrayList<>();
			for (ParameterSpec spec : strategy.parameters()) {
				names.add(spec.name());
				values.add(ParameterInput.parse(spec, kind, inputs.get(spec.name())).values(spec));
			}
			return ParameterGrid.of(names, values, strategy.constraints()).requireAdmitted(strategy.id()).describe();
		} catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	/**
	 * The request for what is typed, with the objective, top K, workers and cluster chosen; the run service
	 * checks it when it starts it.
	 *
	 * @throws IllegalArgumentException one line naming the parameter whose text is no input
	 */
	public RunRequest.Builder request() {
		RunRequest.Builder request = RunRequest.builder(kind, strategy.id()).objective(objective).topK(topK)
				.workers(workers).cluster(
				(kind == RunKind.SWEEP || kind == RunKind.SEARCH || kind == RunKind.WALK_FORWARD) && cluster);
		inputs.forEach(request::parameter);
		return request;
	}
}
