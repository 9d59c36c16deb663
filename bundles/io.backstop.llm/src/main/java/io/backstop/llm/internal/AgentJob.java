package io.backstop.llm.internal;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentService;
import io.backstop.llm.AgentSpec;

/** Runs an {@link AgentLoop} as an Eclipse Job: one unit of progress per evaluated iteration. */
final class AgentJob extends Job {

	static final String BUNDLE = "io.backstop.llm";

	private final AgentLoop loop;

	AgentJob(AgentLoop loop) {
		super(name(loop.spec()));
		this.loop = loop;
		setPriority(LONG);
		addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				// a job cancelled while still waiting never runs; its run must end all the same
				loop.halt("the job was cancelled before it ran");
			}
		});
	}

	private static String name(AgentSpec spec) {
		return "LLM optimisation of " + spec.strategyId() + " on " + spec.dataSeries() + " (" + spec.model() + ")";
	}

	AgentLoop loop() {
		return loop;
	}

	@Override
	public boolean belongsTo(Object family) {
		return AgentService.JOB_FAMILY.equals(family);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		monitor.beginTask(getName(), loop.spec().maxIterations());
		loop.onIteration(run -> {
			monitor.worked(1);
			monitor.subTask(run.progress());
		});
		AgentResult result = loop.run();
		monitor.done();
		return switch (result.state()) {
		case HALTED -> Status.CANCEL_STATUS;
		case FAILED -> new Status(IStatus.ERROR, BUNDLE, result.reason());
		default -> new Status(IStatus.OK, BUNDLE, result.state() + ": " + result.reason());
		};
	}

	@Override
	protected void canceling() {
		loop.halt("cancelled by the user");
	}
}
