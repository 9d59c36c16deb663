package io.backstop.app.dialogs;

import java.util.stream.Collectors;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.Format;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.indicators.IndicatorCache;
import io.backstop.memory.MemoryMonitor;
import io.backstop.memory.MemoryThresholds;
import io.backstop.sweep.SweepService;
import jakarta.inject.Inject;

/**
 * File &gt; Preferences. Offers only settings that take effect at once: the automatic
 * emergency stop, the Ollama URL (the LLM bundle reads it for every request) and the model
 * the LLM optimisation asks. What is fixed when the services start is shown, not offered.
 */
public class PreferencesDialog extends Dialog {

	@Inject
	@Optional
	private MemoryMonitor monitor;

	@Inject
	@Optional
	private SweepService sweeps;

	@Inject
	@Optional
	private EmergencyStop emergencyStop;

	@Inject
	@Optional
	private IndicatorCache indicatorCache;

	private Button automaticStop;
	private Text ollamaUrl;
	private Text model;
	private String shownUrl;

	@Inject
	public PreferencesDialog(Shell parent) {
		super(parent);
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Backstop Preferences");
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);

		Group memory = group(area, "Memory", 1);
		automaticStop = new Button(memory, SWT.CHECK);
		automaticStop.setText("Run the emergency stop automatically when memory turns critical");
		automaticStop.setSelection(AppPreferences.automaticStop());
		MemoryThresholds thresholds = monitor == null ? MemoryThresholds.DEFAULT : monitor.thresholds();
		info(memory, String.format("Thresholds: warning %.0f%%, high %.0f%%, critical %.0f%% (set when the memory manager starts)",
				thresholds.warning(), thresholds.high(), thresholds.critical()));

		Group llm = group(area, "LLM optimisation (Ollama)", 2);
		new Label(llm, SWT.NONE).setText("Ollama URL:");
		shownUrl = AppPreferences.ollamaUrl();
		ollamaUrl = text(llm, shownUrl);
		new Label(llm, SWT.NONE).setText("Model:");
		model = text(llm, AppPreferences.llmModel());

		Group fixed = group(area, "Set when the services start", 1);
		info(fixed, "Sweep results: " + (sweeps == null ? "sweep service not running" : sweeps.sweepsDirectory()));
		if (indicatorCache != null) {
			IndicatorCache.Stats stats = indicatorCache.stats();
			info(fixed, "Indicator cache: memory up to " + Format.megabytes(stats.memoryMaxBytes()) + ", disk up to "
					+ Format.megabytes(stats.diskMaxBytes()));
		}
		if (emergencyStop != null) {
			info(fixed, "Stop step deadlines: " + emergencyStop.plannedSteps().stream()
					.map(s -> s.id() + " " + Format.millis(s.timeoutMillis())).collect(Collectors.joining(", ")));
		}
		return area;
	}

	private static Group group(Composite parent, String title, int columns) {
		Group group = new Group(parent, SWT.NONE);
		group.setText(title);
		group.setLayout(new GridLayout(columns, false));
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		return group;
	}

	private static Text text(Composite parent, String value) {
		Text text = new Text(parent, SWT.BORDER);
		text.setText(value);
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		layout.widthHint = 320;
		text.setLayoutData(layout);
		return text;
	}

	private static void info(Composite parent, String text) {
		Label label = new Label(parent, SWT.WRAP);
		label.setText(text);
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false, ((GridLayout) parent.getLayout()).numColumns, 1);
		layout.widthHint = 480;
		label.setLayoutData(layout);
	}

	@Override
	protected void okPressed() {
		AppPreferences.putBoolean(AppPreferences.AUTOMATIC_STOP, automaticStop.getSelection());
		AppPreferences.put(AppPreferences.LLM_MODEL, model.getText().trim());
		AppPreferences.flush();
		if (!ollamaUrl.getText().trim().equals(shownUrl)) {
			AppPreferences.setOllamaUrl(ollamaUrl.getText());
		}
		super.okPressed();
	}
}
