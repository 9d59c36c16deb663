package io.backstop.app.model;

import io.backstop.run.RunHandle;
import io.backstop.run.RunProgress;

/**
 * One line of the Progress view: what runs ("Sweep 3 · bollinger_zscore on BTCUSDT_5m"), how far
 * it got as people read it ("12,400 of 40,000 combos · 38,000 combos/s · ETA 49 s · best sharpe
 * 3.91") and the share done for the bar.
 *
 * @param title   what runs
 * @param detail  how far it got
 * @param percent 0..100, or -1 when the total is unknown
 */
public record ProgressLine(String title, String detail, int percent) {

	/** A run of the run service, whoever started it. */
	public static ProgressLine of(RunHandle run) {
		return of(run.origin(), run.request().strategyId(), run.seriesName(), run.progress());
	}

	static ProgressLine of(String origin, String strategyId, String seriesName, RunProgress progress) {
		String title = Character.toUpperCase(origin.charAt(0)) + origin.substring(1) + " · " + strategyId + " on "
				+ seriesName;
		int percent = progress.total() > 0 ? (int) Math.round(100 * progress.fraction()) : -1;
		return new ProgressLine(title, progress.describe(), percent);
	}

	/** Other work of the workbench (opening data), as its Job reports it. */
	public static ProgressLine of(JobTracker.Progress job) {
		String name = job.job().getName();
		return new ProgressLine(name, job.text().equals(name) ? "" : job.text(), job.percent());
	}
}
