package io.backstop.app.parts;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

import io.backstop.app.model.JobTracker;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/** The Progress view: every running Job with how far it got and a Cancel button. */
public class ProgressPart {

	private static final int REFRESH_MILLIS = 300;

	@Inject
	private JobTracker tracker;

	private Composite root;
	private Label empty;
	private final List<Row> rows = new ArrayList<>();
	private Runnable unsubscribe;
	private volatile boolean changed = true;

	private record Row(JobTracker.Progress progress, Label label, ProgressBar bar, Button cancel) {
	}

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(2, false));
		unsubscribe = tracker.onChange(() -> changed = true);
		tick();
	}

	private void tick() {
		if (root.isDisposed()) {
			return;
		}
		if (changed) {
			changed = false;
			rebuild();
		}
		for (Row row : rows) {
			int percent = row.progress().percent();
			row.bar().setSelection(percent < 0 ? 0 : percent);
			String text = row.progress().text() + (percent < 0 ? "" : " (" + percent + "%)");
			if (!text.equals(row.label().getText())) {
				row.label().setText(text);
				root.layout(true, true);
			}
		}
		root.getDisplay().timerExec(REFRESH_MILLIS, this::tick);
	}

	private void rebuild() {
		for (Control child : root.getChildren()) {
			child.dispose();
		}
		rows.clear();
		List<JobTracker.Progress> running = tracker.running();
		if (running.isEmpty()) {
			empty = new Label(root, SWT.NONE);
			empty.setText("No work is running.");
			empty.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		}
		for (JobTracker.Progress progress : running) {
			Label label = new Label(root, SWT.WRAP);
			GridData labelLayout = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
			labelLayout.widthHint = 200;
			label.setLayoutData(labelLayout);
			label.setText(progress.text());
			ProgressBar bar = new ProgressBar(root, progress.percent() < 0 ? SWT.INDETERMINATE : SWT.SMOOTH);
			bar.setMaximum(100);
			bar.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			Button cancel = new Button(root, SWT.PUSH);
			cancel.setText("Cancel");
			cancel.setToolTipText("Cancel " + progress.job().getName());
			cancel.addListener(SWT.Selection, e -> {
				progress.job().cancel();
				cancel.setEnabled(false);
			});
			rows.add(new Row(progress, label, bar, cancel));
		}
		root.layout(true, true);
	}

	@PreDestroy
	void dispose() {
		if (unsubscribe != null) {
			unsubscribe.run();
		}
	}

	/** Names of the Jobs shown, for tests. */
	List<String> shownJobs() {
		return rows.stream().map(r -> r.progress().job().getName()).toList();
	}

	/** Presses a Job's Cancel button, for tests. */
	void cancel(int index) {
		rows.get(index).cancel().notifyListeners(SWT.Selection, null);
	}
}
