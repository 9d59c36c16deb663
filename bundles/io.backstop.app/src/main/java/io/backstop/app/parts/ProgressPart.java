package io.backstop.app.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.osgi.service.event.Event;

import io.backstop.app.model.JobTracker;
import io.backstop.app.model.ProgressLine;
import io.backstop.run.RunEvents;
import io.backstop.run.RunHandle;
import io.backstop.run.RunService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Progress view: every run of the run service still running (from this window or the
 * console) and the workbench's other work, each with how far it got and a Cancel button.
 */
public class ProgressPart {

	private static final int REFRESH_MILLIS = 300;

	@Inject
	private RunService runs;

	@Inject
	private JobTracker tracker;

	private Composite root;
	private final List<Row> rows = new ArrayList<>();
	private Runnable unsubscribe;
	private volatile boolean jobsChanged = true;
	/** The last request that did not start, and why, until a run starts; null when none. */
	private String refusal;

	/** Something running: its line now, and how to cancel it. */
	private record Work(Object key, Supplier<ProgressLine> line, Runnable cancel) {
	}

	private record Row(Work work, Label title, Label detail, ProgressBar bar, Button cancel) {
	}

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(2, false));
		unsubscribe = tracker.onChange(() -> jobsChanged = true);
		tick();
	}

	private List<Work> running() {
		List<Work> work = new ArrayList<>();
		for (RunHandle run : runs.runs()) {
			if (!run.progress().state().isFinished()) {
				work.add(new Work(run, () -> ProgressLine.of(run), run::cancel));
			}
		}
		for (JobTracker.Progress job : tracker.running()) {
			work.add(new Work(job.job(), () -> ProgressLine.of(job), job.job()::cancel));
		}
		return work;
	}

	private void tick() {
		if (root.isDisposed()) {
			return;
		}
		List<Work> now = running();
		if (jobsChanged || !now.stream().map(Work::key).toList().equals(rows.stream().map(r -> r.work().key()).toList())) {
			jobsChanged = false;
			rebuild(now);
		}
		boolean resized = false;
		for (Row row : rows) {
			ProgressLine line = row.work().line().get();
			row.bar().setSelection(Math.max(0, line.percent()));
			String detail = line.detail() + (line.percent() < 0 ? "" : " (" + line.percent() + " %)");
			if (!detail.equals(row.detail().getText())) {
				row.detail().setText(detail);
				resized = true;
			}
		}
		if (resized) {
			root.layout(true, true);
		}
		root.getDisplay().timerExec(REFRESH_MILLIS, this::tick);
	}

	private void rebuild(List<Work> running) {
		for (Control child : root.getChildren()) {
			child.dispose();
		}
		rows.clear();
		if (refusal != null) {
			Label refused = new Label(root, SWT.WRAP);
			refused.setData("id", "progress.refused");
			refused.setText(refusal);
			refused.setForeground(root.getDisplay().getSystemColor(SWT.COLOR_RED));
			refused.setLayoutData(wide());
		}
		if (running.isEmpty()) {
			Label empty = new Label(root, SWT.NONE);
			empty.setText("No work is running.");
			empty.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		}
		for (Work work : running) {
			ProgressLine line = work.line().get();
			Label title = new Label(root, SWT.WRAP);
			title.setText(line.title());
			title.setLayoutData(wide());
			Label detail = new Label(root, SWT.WRAP);
			detail.setData("id", "progress.detail");
			detail.setLayoutData(wide());
			ProgressBar bar = new ProgressBar(root, line.percent() < 0 ? SWT.INDETERMINATE : SWT.SMOOTH);
			bar.setMaximum(100);
			bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			Button cancel = new Button(root, SWT.PUSH);
			cancel.setText("Cancel");
			cancel.setToolTipText("Cancel " + line.title() + "; what it computed so far is kept");
			cancel.addListener(SWT.Selection, e -> {
				work.cancel().run();
				cancel.setEnabled(false);
			});
			rows.add(new Row(work, title, detail, bar, cancel));
		}
		root.layout(true, true);
	}

	private static GridData wide() {
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
		layout.widthHint = 200;
		return layout;
	}

	@Inject
	@Optional
	void onRefused(@UIEventTopic(RunEvents.REFUSED) Event event) {
		refusal = "Not started: " + event.getProperty(RunEvents.WHAT) + ": " + event.getProperty(RunEvents.REASON);
		jobsChanged = true;
	}

	@Inject
	@Optional
	void onStarted(@UIEventTopic(RunEvents.STARTED) Event event) {
		refusal = null;
		jobsChanged = true;
	}

	@PreDestroy
	void dispose() {
		if (unsubscribe != null) {
			unsubscribe.run();
		}
	}

	// --- for tests ---

	/** The titles of the rows shown. */
	List<String> shownWork() {
		return rows.stream().map(r -> r.title().getText()).toList();
	}

	/** Why the last request did not start, as shown; empty when nothing was refused since the last start. */
	String shownRefusal() {
		for (Control child : root.getChildren()) {
			if ("progress.refused".equals(child.getData("id"))) {
				return ((Label) child).getText();
			}
		}
		return "";
	}

	/** The detail lines shown. */
	List<String> shownDetails() {
		return rows.stream().map(r -> r.detail().getText()).toList();
	}

	/** Presses a row's Cancel button. */
	void cancel(int index) {
		rows.get(index).cancel().notifyListeners(SWT.Selection, null);
	}
}
