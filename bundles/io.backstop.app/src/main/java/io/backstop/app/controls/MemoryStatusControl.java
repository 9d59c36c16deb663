package io.backstop.app.controls;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;

/** The status line: memory in use, refreshed every second. */
public class MemoryStatusControl {

	private static final int REFRESH_MILLIS = 1000;

	private Label label;

	@PostConstruct
	public void createControls(Composite parent) {
		Composite line = new Composite(parent, SWT.NONE);
		line.setLayout(new GridLayout(1, false));
		label = new Label(line, SWT.NONE);
		label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		label.setData("org.eclipse.e4.ui.css.id", "io-backstop-app-status");
		refresh();
	}

	private void refresh() {
		if (label == null || label.isDisposed()) {
			return;
		}
		Runtime runtime = Runtime.getRuntime();
		long usedMb = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
		label.setText("Heap " + usedMb + " MB of " + (runtime.maxMemory() >> 20) + " MB");
		label.getParent().layout(true);
		label.getDisplay().timerExec(REFRESH_MILLIS, this::refresh);
	}

	@PreDestroy
	public void dispose() {
		label = null;
	}
}
