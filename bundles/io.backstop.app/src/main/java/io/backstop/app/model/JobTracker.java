package io.backstop.app.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.core.runtime.jobs.ProgressProvider;
import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

/**
 * The running (non-system) Jobs and how far each got, for the Progress view. Installs itself
 * as the job manager's progress provider, so every Job's monitor reports here.
 */
@Creatable
@Singleton
public class JobTracker {

	/** How far one Job got. */
	public static final class Progress extends NullProgressMonitor {
		private final Job job;
		private volatile String task = "";
		private volatile String subTask = "";
		private volatile int total = IProgressMonitor.UNKNOWN;
		private volatile double worked;

		Progress(Job job) {
			this.job = job;
		}

		public Job job() {
			return job;
		}

		@Override
		public void beginTask(String name, int totalWork) {
			task = name == null ? "" : name;
			total = totalWork;
		}

		@Override
		public void setTaskName(String name) {
			task = name == null ? "" : name;
		}

		@Override
		public void subTask(String name) {
			subTask = name == null ? "" : name;
		}

		@Override
		public void internalWorked(double work) {
			worked += work;
		}

		@Override
		public void worked(int work) {
			internalWorked(work);
		}

		/** Task and sub-task, as one line. */
		public String text() {
			String t = task.isEmpty() ? job.getName() : task;
			return subTask.isEmpty() ? t : t + ": " + subTask;
		}

		/** 0..100, or -1 when the total is unknown. */
		public int percent() {
			return total <= 0 ? -1 : (int) Math.min(100, Math.round(100.0 * worked / total));
		}
	}

	private final Map<Job, Progress> running = new ConcurrentHashMap<>();
	private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
	private final JobChangeAdapter changes = new JobChangeAdapter() {
		@Override
		public void running(IJobChangeEvent event) {
			if (!event.getJob().isSystem()) {
				running.computeIfAbsent(event.getJob(), Progress::new);
				fire();
			}
		}

		@Override
		public void done(IJobChangeEvent event) {
			if (running.remove(event.getJob()) != null) {
				fire();
			}
		}
	};

	public JobTracker() {
		Job.getJobManager().addJobChangeListener(changes);
		Job.getJobManager().setProgressProvider(new ProgressProvider() {
			@Override
			public IProgressMonitor createMonitor(Job job) {
				return job.isSystem() ? new NullProgressMonitor() : running.computeIfAbsent(job, Progress::new);
			}
		});
	}

	/** The Jobs running now, oldest first. */
	public List<Progress> running() {
		// one tracker serves the workbench; a Job whose end it did not hear (its listener was removed with
		// the context that first made it) has ended all the same
		running.values().removeIf(progress -> progress.job.getState() == Job.NONE);
		List<Progress> list = new ArrayList<>(running.values());
		list.sort((a, b) -> a.job.getName().compareTo(b.job.getName()));
		return list;
	}

	public Runnable onChange(Runnable listener) {
		listeners.add(listener);
		return () -> listeners.remove(listener);
	}

	private void fire() {
		listeners.forEach(Runnable::run);
	}

	@PreDestroy
	void dispose() {
		Job.getJobManager().removeJobChangeListener(changes);
	}
}
