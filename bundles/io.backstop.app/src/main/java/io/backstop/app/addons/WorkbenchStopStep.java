package io.backstop.app.addons;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;

import io.backstop.app.model.WorkbenchJob;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.Stoppable;
import io.backstop.run.RunService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The workbench's own step of the emergency stop: cancels the Jobs the workbench started that
 * are still there (the stop signal has usually ended them already) and has the run service drop
 * the equity curves and trades its result rows hold (the rows keep their figures; a curve is
 * recomputed when its row is selected). Order 450, before the GC (500), so that what it drops is collected
 * within the stop and counted in its "after" figures. Registered while the workbench runs.
 */
public class WorkbenchStopStep implements Stoppable {

	static final String ID = "workbench.reset";
	static final int ORDER = 450;
	private static final long TIMEOUT_MILLIS = 2000;
	/** Part of the deadline left for cancelled Jobs to end; the rest is for the report. */
	private static final Duration JOB_GRACE = Duration.ofMillis(1000);

	@Inject
	private RunService runs;

	private ServiceRegistration<Stoppable> registration;

	@PostConstruct
	void register() {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(Stoppable.ORDER, ORDER);
		properties.put(Stoppable.TIMEOUT_MS, TIMEOUT_MILLIS);
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
	public StepResult stop(StopContext context) throws InterruptedException {
		List<Job> jobs = List.of(Job.getJobManager().find(WorkbenchJob.FAMILY));
		jobs.forEach(Job::cancel);
		List<String> stillRunning = awaitEnd(jobs, context);
		RunService.ReleasedCurves released = runs.dropCurves();
		int ended = jobs.size() - stillRunning.size();
		if (jobs.isEmpty() && released.curves() == 0) {
			return StepResult.skipped("no workbench job left running, no equity curve held");
		}
		String detail = "cancelled " + ended + " workbench job(s); dropped " + released.curves()
				+ " equity curve(s) kept for the Results view";
		Map<String, Long> counters = Map.of("jobs.cancelled", (long) ended, "jobs.stuck", (long) stillRunning.size(),
				"curves.dropped", (long) released.curves());
		if (stillRunning.isEmpty()) {
			return StepResult.cleaned(detail, released.bytes(), List.of("workbench results")).withCounters(counters);
		}
		String error = stillRunning.size() + " workbench job(s) still running after cancellation, left behind: "
				+ String.join(", ", stillRunning);
		if (ended == 0 && released.curves() == 0) {
			return new StepResult(StepStatus.FAILED, detail, List.of(), 0, counters, error);
		}
		return StepResult.partial(detail, released.bytes(), List.of("workbench results"), error).withCounters(counters);
	}

	/** Waits for the cancelled Jobs to end, within the grace period; returns the names of those that did not. */
	private static List<String> awaitEnd(List<Job> jobs, StopContext context) throws InterruptedException {
		Duration grace = context.remaining().dividedBy(2);
		long deadline = System.nanoTime() + (grace.compareTo(JOB_GRACE) < 0 ? grace : JOB_GRACE).toNanos();
		List<String> stillRunning = new ArrayList<>();
		for (Job job : jobs) {
			// at least 1 ms: join(0) would wait without end
			long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
			if (!job.join(left, null)) {
				stillRunning.add(job.getName());
			}
		}
		return stillRunning;
	}
}
