package io.backstop.run.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.backstop.backtest.Parameters;
import io.backstop.run.ResultRow;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunProgress;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepResult;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/** A sweep run by the sweep engine; when it ends, its best combinations become rows. */
final class SweepRunHandle extends AbstractRun {

	private final SweepHandle sweep;

	/**
	 * @param addRows adds rows of (status label, parameter sets with their figures) and returns them
	 */
	SweepRunHandle(RunRequest request, String origin, SweepHandle sweep,
			BiFunction<String, List<Map.Entry<Parameters, Map<String, Double>>>, List<ResultRow>> addRows) {
		super(sweep.id(), request, origin, sweep.spec().series().name());
		this.sweep = sweep;
		sweep.completion().thenAccept(status -> {
			List<Map.Entry<Parameters, Map<String, Double>>> combos = new ArrayList<>();
			for (SweepResult result : status.topK()) {
				Map<String, Double> figures = new LinkedHashMap<>(result.metrics());
				figures.put(SweepMetrics.SAME_OUTCOME, (double) result.sameOutcome());
				combos.add(Map.entry(Parameters.of(result.parameters()), figures));
			}
			RunState state = state(status.state());
			String label = status.state().isResumable() ? state.label() + " (partial)" : state.label();
			List<ResultRow> rows = addRows.apply(label, combos);
			completion.complete(new RunOutcome(state, status.message(), progress(status), elapsed(), rows,
					sweep.directory(), status.state().isResumable()));
		});
	}

	@Override
	public long doneAtStart() {
		return sweep.doneAtStart();
	}

	@Override
	public RunProgress progress() {
		return progress(sweep.status());
	}

	private RunProgress progress(SweepStatus s) {
		return new RunProgress(state(s.state()), s.combosDone(), s.combosTotal(), "combos", s.combosPerSecond(), s.eta(),
				sweep.spec().objective().metric(), s.best() == null ? Double.NaN : s.best().objective(),
				sweep.doneByMember());
	}

	@Override
	public Path location() {
		return sweep.directory();
	}

	@Override
	public Path resultsFile() {
		return sweep.status().resultsFile();
	}

	@Override
	public boolean cancel() {
		return sweep.cancel();
	}

	static RunState state(SweepState state) {
		return switch (state) {
		case RUNNING -> RunState.RUNNING;
		case COMPLETED -> RunState.COMPLETED;
		case CANCELLED -> RunState.CANCELLED;
		case STOPPED -> RunState.STOPPED;
		case FAILED -> RunState.FAILED;
		};
	}
}
