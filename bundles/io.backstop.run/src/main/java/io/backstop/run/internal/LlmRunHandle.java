package io.backstop.run.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.Strategy;
import io.backstop.estop.api.StopSignal;
import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentState;
import io.backstop.llm.IterationRecord;
import io.backstop.run.ResultRow;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunProgress;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/** An LLM optimisation run by the agent; when it ends, every evaluated iteration becomes a row. */
final class LlmRunHandle extends AbstractRun {

	private final AgentRun run;
	private final StopSignal signal;
	private volatile boolean cancelled;

	LlmRunHandle(RunRequest request, String origin, String seriesName, AgentRun run, Strategy strategy,
			StopSignal signal, BiFunction<String, List<Map.Entry<Parameters, Map<String, Double>>>, List<ResultRow>> addRows) {
		super(run.id(), request, origin, seriesName);
		this.run = run;
		this.signal = signal;
		run.result().thenAccept(result -> {
			List<Map.Entry<Parameters, Map<String, Double>>> evaluated = new ArrayList<>();
			for (IterationRecord iteration : run.iterations()) {
				if (!iteration.metrics().isEmpty()) {
					evaluated.add(Map.entry(Parameters.of(iteration.parameters()).resolve(strategy.parameters()),
							iteration.metrics()));
				}
			}
			RunState state = state(result);
			List<ResultRow> rows = addRows.apply(state.label(), evaluated);
			completion.complete(new RunOutcome(state, result.reason(), progress(state), elapsed(), rows,
					result.logFile(), false));
		});
	}

	@Override
	public RunProgress progress() {
		return progress(run.state().isFinal() ? state(run.result().getNow(null)) : RunState.RUNNING);
	}

	private RunProgress progress(RunState state) {
		long done = run.iterations().size();
		long total = run.spec().maxIterations();
		double rate = state.isFinished() ? 0 : rate(done);
		double best = run.best().map(IterationRecord::objectiveValue).orElse(Double.NaN);
		return new RunProgress(state, done, total, "iterations", rate, state.isFinished() ? null : eta(done, total, rate),
				run.spec().objective().metric(), best);
	}

	private RunState state(AgentResult result) {
		AgentState state = result == null ? run.state() : result.state();
		return switch (state) {
		case RUNNING -> RunState.RUNNING;
		case ACCEPTED, STOPPED_BY_MODEL, BUDGET_EXHAUSTED -> RunState.COMPLETED;
		case HALTED -> cancelled && !signal.isRaised() ? RunState.CANCELLED : RunState.STOPPED;
		case FAILED -> RunState.FAILED;
		};
	}

	@Override
	public Path location() {
		return run.logFile();
	}

	@Override
	public Path resultsFile() {
		return run.logFile();
	}

	@Override
	public boolean cancel() {
		cancelled = true;
		return run.halt("cancelled");
	}
}
