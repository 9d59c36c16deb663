package io.backstop.run.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

import io.backstop.backtest.BacktestResult;
import io.backstop.data.OhlcvSeries;
import io.backstop.run.ResultRow;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunProgress;
import io.backstop.run.RunRequest;
import io.backstop.run.RunState;

/** A backtest run: one {@link BacktestTask}; its result becomes one row. */
final class BacktestRun extends AbstractRun {

	private final BacktestTask task;
	private final int bars;
	private volatile RunProgress last;

	/**
	 * @param addRow adds the finished result's row, with how the run ended, to the results and returns it
	 */
	BacktestRun(String id, RunRequest request, String origin, OhlcvSeries series, BacktestTask task,
			BiFunction<BacktestResult, RunState, ResultRow> addRow) {
		super(id, request, origin, series.name());
		this.task = task;
		this.bars = series.size();
		task.done().whenComplete((result, error) -> {
			if (result != null) {
				RunState state = !result.isCancelled() ? RunState.COMPLETED
						: task.wasHaltedByStop() ? RunState.STOPPED : RunState.CANCELLED;
				last = new RunProgress(state, result.barsProcessed(), bars, "bars", 0, null, null, Double.NaN);
				ResultRow row = addRow.apply(result, state);
				completion.complete(new RunOutcome(state, row.status(), last, elapsed(), List.of(row), null, false));
			} else {
				Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
				last = new RunProgress(RunState.FAILED, 0, bars, "bars", 0, null, null, Double.NaN);
				completion.complete(new RunOutcome(RunState.FAILED,
						cause instanceof CancellationException ? "cancelled" : Failures.oneLine(cause), last, elapsed(),
						List.of(), null, false));
			}
		});
	}

	@Override
	public RunProgress progress() {
		RunProgress done = last;
		return done != null ? done : new RunProgress(RunState.RUNNING, 0, bars, "bars", 0, null, null, Double.NaN);
	}

	@Override
	public Path location() {
		return null;
	}

	@Override
	public Path resultsFile() {
		return null;
	}

	@Override
	public boolean cancel() {
		return task.cancel();
	}
}
