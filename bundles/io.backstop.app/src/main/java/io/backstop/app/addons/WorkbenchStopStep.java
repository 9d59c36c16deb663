package io.backstop.app.addons;

import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import io.backstop.app.model.BacktestJob;
import io.backstop.app.model.RecomputeJob;
import io.backstop.app.model.Session;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The workbench's own step of the emergency stop (order 600, "reset UI state"): cancels the
 * Jobs the Run and Results views started and drops the equity curves and trades the Results
 * view holds (its rows keep their figures; a curve is recomputed when its row is selected).
 * Registered while the workbench runs.
 */
public class WorkbenchStopStep implements Stoppable {

	static final String ID = "workbench.reset";

	@Inject
	private Session session;

	private ServiceRegistration<Stoppable> registration;

	@PostConstruct
	void register() {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(Stoppable.ORDER, 600);
		properties.put(Stoppable.TIMEOUT_MS, 2000L);
		registration = FrameworkUtil.getBundle(WorkbenchStopStep.class).getBundleContext()
				.registerService(Stoppable.class, this, properties);
	}

	@PreDestroy
	void unregister() {
		if (registration != null) {
			registration.unregister();
			registration = null;
		}
	}

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String label() {
		return "Reset workbench state";
	}

	@Override
	public StepResult stop(StopContext context) throws Exception {
		List<Job> jobs = new java.util.ArrayList<>(List.of(Job.getJobManager().find(BacktestJob.FAMILY)));
		jobs.addAll(List.of(Job.getJobManager().find(RecomputeJob.FAMILY)));
		jobs.forEach(Job::cancel);
		Session.Released released = session.dropCurves();
		if (jobs.isEmpty() && released.curves() == 0) {
			return StepResult.skipped("no workbench job running, no curve held");
		}
		String detail = "cancelled " + jobs.size() + " workbench job(s); dropped " + released.curves()
				+ " equity curve(s) kept for the Results view";
		return StepResult.cleaned(detail, released.bytes(), List.of("workbench results"))
				.withCounters(Map.of("jobs.cancelled", (long) jobs.size(), "curves.dropped", (long) released.curves()));
	}
}
