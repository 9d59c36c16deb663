package io.backstop.run.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.backstop.backtest.Parameters;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardResult;
import io.backstop.optimise.WalkForwardWindow;
import io.backstop.run.ResultRow;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunProgress;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/**
 * A walk-forward analysis run by the optimisation service; when it ends, each window tested out of
 * sample becomes a row: its in-sample best's parameters with its out-of-sample figures, on the
 * window's out-of-sample bars after its in-sample ones as warm-up, with the capital it started with.
 */
final class WalkForwardRunHandle extends AbstractRun {

	/** Adds one window's row and returns it. */
	interface WindowRows {
		List<ResultRow> add(String status, WalkForwardWindow window, List<Map.Entry<Parameters, Map<String, Double>>> combos);
	}

	private final WalkForwardHandle walk;

	WalkForwardRunHandle(RunRequest request, String origin, WalkForwardHandle walk, WindowRows addRows) {
		super(walk.id(), request, origin, walk.spec().search().series().name());
		this.walk = walk;
		walk.completion().thenAccept(result -> {
			RunState state = SearchRunHandle.state(result.state());
			List<ResultRow> rows = new ArrayList<>();
			for (WalkForwardWindow w : result.windows()) {
				if (!w.parameters().isEmpty()) {
					rows.addAll(addRows.add("window " + (w.index() + 1) + " out of sample", w,
							List.of(Map.entry(Parameters.of(w.parameters()), w.outMetrics()))));
				}
			}
			completion.complete(new RunOutcome(state, result.message(), progress(result), elapsed(), rows,
					walk.directory(), result.state().isResumable()));
		});
	}

	/** The walk-forward behind this run. */
	WalkForwardHandle walkForward() {
		return walk;
	}

	@Override
	public RunProgress progress() {
		return progress(walk.result());
	}

	private RunProgress progress(WalkForwardResult r) {
		RunState state = SearchRunHandle.state(r.state());
		long total = walk.spec().windows();
		long done = r.windows().size();
		double rate = state.isFinished() ? 0 : rate(done);
		// no "best": a walk-forward's windows are each tested, not ranked
		return new RunProgress(state, done, total, "windows", rate, state.isFinished() ? null : eta(done, total, rate),
				null, Double.NaN);
	}

	@Override
	public Path location() {
		return walk.directory();
	}

	@Override
	public Path resultsFile() {
		return walk.directory().resolve("windows.csv");
	}

	@Override
	public boolean cancel() {
		return walk.cancel();
	}
}
