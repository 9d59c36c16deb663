package io.backstop.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepStatus;
import io.backstop.sweep.jobs.SweepJob;

/**
 * Starts a sweep as an Eclipse Job and, when it ends however it ends (completed, cancelled,
 * halted by the emergency stop), puts its best combinations into the Results view.
 */
public final class SweepRunner {

	private SweepRunner() {
	}

	/**
	 * @param ranges   the values of each swept parameter
	 * @param onFinish told the final status once the rows are in (any thread)
	 */
	public static SweepJob start(SweepService service, Session session, String strategyId, OhlcvSeries series,
			Map<String, double[]> ranges, RunSettings settings, Consumer<SweepStatus> onFinish) {
		SweepSpec.Builder builder = SweepSpec.builder(strategyId, series).settings(settings);
		ranges.forEach((name, values) -> builder.range(ParameterRange.values(name, values)));
		SweepSpec spec = builder.build();
		SweepJob job = new SweepJob(service, spec);
		job.setUser(true);
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				SweepHandle handle = job.handle();
				if (handle == null) {
					return;
				}
				SweepStatus status = handle.status();
				addRows(session, spec, status);
				onFinish.accept(status);
			}
		});
		job.schedule();
		return job;
	}

	/** The sweep's best combinations as rows; "partial" when it did not complete. */
	static void addRows(Session session, SweepSpec spec, SweepStatus status) {
		List<Parameters> parameters = new ArrayList<>();
		List<Figures> figures = new ArrayList<>();
		status.topK().forEach(result -> {
			parameters.add(Parameters.of(result.parameters()));
			figures.add(Figures.ofSweep(result.metrics(), spec.settings().initialCapital()));
		});
		String state = status.state().name().toLowerCase();
		String label = status.state().isResumable() ? state + " (partial)" : state;
		String origin = String.format("sweep %s, %,d of %,d", status.id(), status.combosDone(), status.combosTotal());
		session.addCombos("Sweep", origin, label, spec.series(), spec.strategyId(), spec.settings(), parameters,
				figures);
	}
}
