package io.backstop.run.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.backstop.backtest.Parameters;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.run.ResultRow;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunProgress;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/** A random, genetic or CMA-ES search run by the optimisation service; when it ends, its best evaluations become rows. */
final class SearchRunHandle extends AbstractRun {

	private final SearchHandle search;
	/** Evaluations on file when this handle started (a resumed search's earlier ones), left out of the rate. */
	private final int evaluationsBefore;

	/**
	 * @param addRows adds rows of (status label, parameter sets with their figures) and returns them
	 */
	SearchRunHandle(RunRequest request, String origin, SearchHandle search,
			BiFunction<String, List<Map.Entry<Parameters, Map<String, Double>>>, List<ResultRow>> addRows) {
		super(search.id(), request, origin, search.spec().series().name());
		this.search = search;
		this.evaluationsBefore = search.status().evaluations();
		search.completion().thenAccept(status -> {
			RunState state = state(status.state());
			String label = status.state().isResumable() ? state.label() + " (partial)" : state.label();
			List<ResultRow> rows = addRows.apply(label, best(search.evaluations(), request.topK()));
			completion.complete(new RunOutcome(state, status.message(), progress(status), elapsed(), rows,
					search.directory(), status.state().isResumable()));
		});
	}

	/** The {@code k} best valid evaluations, best first (ruined ones last), with their figures. */
	private List<Map.Entry<Parameters, Map<String, Double>>> best(List<Evaluation> evaluations, int k) {
		List<Map.Entry<Parameters, Map<String, Double>>> rows = new ArrayList<>();
		evaluations.stream().filter(Evaluation::valid).sorted(Evaluation.bestFirst(search.spec().objective())).limit(k)
				.forEach(e -> rows.add(Map.entry(Parameters.of(e.parameters()), e.metrics())));
		return rows;
	}

	/** The search behind this run. */
	SearchHandle search() {
		return search;
	}

	@Override
	public long doneAtStart() {
		return evaluationsBefore;
	}

	@Override
	public RunProgress progress() {
		return progress(search.status());
	}

	private RunProgress progress(SearchStatus s) {
		RunState state = state(s.state());
		long total = Math.min(s.budget(), s.spaceSize());
		double rate = state.isFinished() ? 0 : rate(s.evaluations() - evaluationsBefore);
		return new RunProgress(state, s.evaluations(), total, "evaluations", rate,
				state.isFinished() ? null : eta(s.evaluations(), total, rate), search.spec().objective().metric(),
				s.best() == null ? Double.NaN : s.best().objective(), search.doneByMember());
	}

	@Override
	public Path location() {
		return search.directory();
	}

	@Override
	public Path resultsFile() {
		return search.status().resultsFile();
	}

	@Override
	public boolean cancel() {
		return search.cancel();
	}

	static RunState state(SearchState state) {
		return switch (state) {
		case RUNNING -> RunState.RUNNING;
		case COMPLETED -> RunState.COMPLETED;
		case CANCELLED -> RunState.CANCELLED;
		case STOPPED -> RunState.STOPPED;
		case FAILED -> RunState.FAILED;
		};
	}
}
