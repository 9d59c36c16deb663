package io.backstop.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.e4.core.di.annotations.Creatable;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import jakarta.inject.Singleton;

/**
 * What the workbench's parts share: the open data series and the rows of the Results view.
 * Listeners are called on the thread that made the change; parts move to the UI thread
 * themselves.
 */
@Creatable
@Singleton
public class Session {

	private final List<Consumer<OhlcvSeries>> seriesListeners = new CopyOnWriteArrayList<>();
	private final List<Runnable> resultListeners = new CopyOnWriteArrayList<>();
	private final List<RunRecord> results = new ArrayList<>();
	private volatile OhlcvSeries series;
	private int runCounter;

	public OhlcvSeries series() {
		return series;
	}

	public void setSeries(OhlcvSeries newSeries) {
		series = newSeries;
		seriesListeners.forEach(l -> l.accept(newSeries));
	}

	/** Numbers the next run: "sweep 3", "backtest 4". */
	public synchronized int nextRunNumber() {
		return ++runCounter;
	}

	public synchronized List<RunRecord> results() {
		return List.copyOf(results);
	}

	/** Adds a row for a full backtest result. */
	public RunRecord addBacktest(String origin, OhlcvSeries on, BacktestResult result) {
		RunRecord row;
		synchronized (this) {
			row = new RunRecord(results.size() + 1, "Backtest", origin, result.strategyId(), result.parameters(),
					result.settings(), result.isCancelled() ? "cancelled" : "completed", Figures.of(result.metrics()), on,
					result);
			results.add(row);
		}
		resultListeners.forEach(Runnable::run);
		return row;
	}

	/** Adds rows known only by their metrics (sweep or LLM combinations). */
	public List<RunRecord> addCombos(String kind, String origin, String status, OhlcvSeries on, String strategyId,
			RunSettings settings, List<Parameters> parameters, List<Figures> figures) {
		List<RunRecord> added = new ArrayList<>();
		synchronized (this) {
			for (int i = 0; i < parameters.size(); i++) {
				RunRecord row = new RunRecord(results.size() + 1, kind, origin, strategyId, parameters.get(i), settings,
						status, figures.get(i), on, null);
				results.add(row);
				added.add(row);
			}
		}
		resultListeners.forEach(Runnable::run);
		return added;
	}

	/** Replaces a row with one that carries its full result. */
	public RunRecord attachResult(RunRecord row, BacktestResult full) {
		RunRecord updated = row.withResult(full);
		synchronized (this) {
			int index = results.indexOf(row);
			if (index >= 0) {
				results.set(index, updated);
			}
		}
		return updated;
	}

	/** What {@link #dropCurves()} let go. */
	public record Released(int curves, long bytes) {
	}

	/**
	 * Lets go of the full results (equity curves, trades) the rows hold; the rows keep their
	 * figures and a curve is recomputed when its row is selected again.
	 */
	public Released dropCurves() {
		int curves = 0;
		long bytes = 0;
		synchronized (this) {
			for (int i = 0; i < results.size(); i++) {
				RunRecord row = results.get(i);
				if (row.result() != null) {
					curves++;
					bytes += row.result().equity().length * 8L + row.result().trades().size() * 96L;
					results.set(i, row.withResult(null));
				}
			}
		}
		if (curves > 0) {
			resultListeners.forEach(Runnable::run);
		}
		return new Released(curves, bytes);
	}

	public void clearResults() {
		synchronized (this) {
			results.clear();
		}
		resultListeners.forEach(Runnable::run);
	}

	public Runnable onSeries(Consumer<OhlcvSeries> listener) {
		seriesListeners.add(listener);
		return () -> seriesListeners.remove(listener);
	}

	public Runnable onResults(Runnable listener) {
		resultListeners.add(listener);
		return () -> resultListeners.remove(listener);
	}
}
