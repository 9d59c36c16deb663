package io.backstop.run.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.run.ResultRow;
import io.backstop.run.RunKind;
import io.backstop.run.RunState;
import io.backstop.run.RunService.ReleasedCurves;
import io.backstop.sweep.SweepMetrics;

/** The one results store: rows in the order they arrived; each change is told to a listener with the row count. */
final class ResultStore {

	/** Bytes a kept trade record takes, roughly, for what dropping curves reports. */
	private static final long TRADE_BYTES = 96;
	/** The status of a completed row whose equity reached zero. */
	static final String RUINED = "ruined";

	private final List<ResultRow> rows = new ArrayList<>();
	private final IntConsumer changed;
	private int lastNumber;

	ResultStore(IntConsumer changed) {
		this.changed = changed;
	}

	synchronized List<ResultRow> rows() {
		return List.copyOf(rows);
	}

	/** One row per parameter set, with its figures; the full result where known. */
	List<ResultRow> add(String runId, RunKind kind, String origin, String strategyId, RunSettings settings,
			String status, OhlcvSeries series, int warmUpBars, List<Parameters> parameters,
			List<Map<String, Double>> figures, BacktestResult result) {
		List<ResultRow> added = new ArrayList<>();
		int count;
		synchronized (this) {
			for (int i = 0; i < parameters.size(); i++) {
				ResultRow row = new ResultRow(++lastNumber, runId, kind, origin, strategyId, parameters.get(i), settings,
						statusOf(status, figures.get(i)), figures.get(i), series, warmUpBars, result);
				rows.add(row);
				added.add(row);
			}
			count = rows.size();
		}
		if (!added.isEmpty()) {
			changed.accept(count);
		}
		return added;
	}

	/**
	 * A row's status: its run's, but "ruined" for a completed run whose equity reached zero
	 * ({@link SweepMetrics#ruined(Map)}): a sweep's or search's row, whose figures do not say when, or a
	 * backtest that traded on past the ruin ({@code Ruin.CONTINUE}).
	 */
	private static String statusOf(String runStatus, Map<String, Double> figures) {
		return runStatus.equals(RunState.COMPLETED.label()) && SweepMetrics.ruined(figures) ? RUINED : runStatus;
	}

	/** Keeps a recomputed full result with its row (found by number); the row as kept, or the given one when gone. */
	ResultRow attach(ResultRow row, BacktestResult full) {
		ResultRow updated = row.withResult(full);
		int count;
		synchronized (this) {
			int index = indexOf(row.number());
			if (index < 0) {
				return updated;
			}
			rows.set(index, updated);
			count = rows.size();
		}
		changed.accept(count);
		return updated;
	}

	ReleasedCurves dropCurves() {
		int curves = 0;
		long bytes = 0;
		int count;
		synchronized (this) {
			for (int i = 0; i < rows.size(); i++) {
				ResultRow row = rows.get(i);
				if (row.result() != null) {
					curves++;
					bytes += row.result().equity().length * (long) Double.BYTES + row.result().trades().size() * TRADE_BYTES;
					rows.set(i, row.withResult(null));
				}
			}
			count = rows.size();
		}
		if (curves > 0) {
			changed.accept(count);
		}
		return new ReleasedCurves(curves, bytes);
	}

	void clear() {
		synchronized (this) {
			rows.clear();
		}
		changed.accept(0);
	}

	private int indexOf(int number) {
		for (int i = 0; i < rows.size(); i++) {
			if (rows.get(i).number() == number) {
				return i;
			}
		}
		return -1;
	}
}
