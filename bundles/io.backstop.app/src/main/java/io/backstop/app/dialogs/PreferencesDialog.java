package io.backstop.app.dialogs;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
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
import org.osgi.service.cm.ConfigurationAdmin;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.ServiceSettings;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.indicators.IndicatorCache;
import io.backstop.memory.MemoryMonitor;
import io.backstop.memory.MemoryThresholds;
import io.backstop.sweep.SweepService;
import jakarta.inject.Inject;

/**
 * File &gt; Preferences. The automatic stops, the UI watchdog's threshold, the Ollama URL and
 * model are workbench preferences; the memory thresholds, sweeps directory, indicator cache
 * limits and stop-step deadlines are the services' configuration, which each applies as it
 * changes (a new sweeps directory waits until no sweep runs).
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

	@Inject
	@Optional
	private ConfigurationAdmin configurationAdmin;

	private Button automaticStop;
	private Text warning;
	private Text high;
	private Text critical;
	private Text watchdogSeconds;
	private Button watchdogStop;
	private Text ollamaUrl;
	private Text model;
	private String shownUrl;
	private Text sweepsDirectory;
	private Text cacheDirectory;
	private Text cacheMemoryMb;
	private Text cacheDiskMb;
	private final Map<String, Text> deadlines = new LinkedHashMap<>();

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
		boolean configurable = configurationAdmin != null;

		Group memory = group(area, "Memory", 2);
		automaticStop = new Button(memory, SWT.CHECK);
		automaticStop.setText("Run the emergency stop automatically when memory turns critical");
		automaticStop.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		automaticStop.setSelection(AppPreferences.automaticStop());
		MemoryThresholds thresholds = monitor == null ? MemoryThresholds.DEFAULT : monitor.thresholds();
		warning = field(memory, "Warning at (% used):", number(thresholds.warning()), configurable);
		high = field(memory, "High at (% used):", number(thresholds.high()), configurable);
		critical = field(memory, "Critical at (% used):", number(thresholds.critical()), configurable);

		Group responsiveness = group(area, "Responsiveness", 2);
		watchdogSeconds = field(responsiveness, "Report a window not responding for (s):",
				Integer.toString(AppPreferences.watchdogSeconds()), true);
		watchdogStop = new Button(responsiveness, SWT.CHECK);
		watchdogStop.setText("Run the emergency stop automatically when the window does not respond while work runs");
		watchdogStop.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		watchdogStop.setSelection(AppPreferences.watchdogStops());

		Group llm = group(area, "LLM optimisation (Ollama)", 2);
		shownUrl = AppPreferences.ollamaUrl();
		ollamaUrl = field(llm, "Ollama URL:", shownUrl, true);
		model = field(llm, "Model:", AppPreferences.llmModel(), true);

		Group work = group(area, "Sweeps and indicator cache", 2);
		sweepsDirectory = field(work, "Sweep results directory:",
				sweeps == null ? "" : sweeps.sweepsDirectory().toString(), configurable && sweeps != null);
		cacheDirectory = field(work, "Indicator cache directory:", configured(ServiceSettings.INDICATOR_CACHE_PID, "dir"),
				configurable);
		cacheDirectory.setMessage("the workspace's .cache/indicators");
		IndicatorCache.Stats stats = indicatorCache == null ? null : indicatorCache.stats();
		cacheMemoryMb = field(work, "Cache memory limit (MB):", stats == null ? "256" : Long.toString(stats.memoryMaxBytes() >> 20),
				configurable);
		cacheDiskMb = field(work, "Cache disk limit (MB):", stats == null ? "1024" : Long.toString(stats.diskMaxBytes() >> 20),
				configurable);

		Group stop = group(area, "Emergency stop: deadline of each step (ms)", 2);
		if (emergencyStop != null) {
			for (PlannedStep step : emergencyStop.plannedSteps()) {
				deadlines.put(step.id(), field(stop, step.order() + "  " + step.label() + ":",
						Long.toString(step.timeoutMillis()), configurable));
			}
		}
		if (!configurable) {
			note(area, "Configuration Admin is not running: only the workbench preferences can be changed.");
		}
		return area;
	}

	@Override
	protected void okPressed() {
		long threshold;
		try {
			threshold = positive(watchdogSeconds, "The watchdog's threshold");
			if (configurationAdmin != null) {
				applyServiceSettings(new ServiceSettings(configurationAdmin));
			}
		} catch (IllegalArgumentException | IOException e) {
			MessageDialog.openError(getShell(), "Backstop Preferences", e.getMessage());
			return;
		}
		AppPreferences.putBoolean(AppPreferences.AUTOMATIC_STOP, automaticStop.getSelection());
		AppPreferences.put(AppPreferences.LLM_MODEL, model.getText().trim());
		AppPreferences.put(AppPreferences.WATCHDOG_SECONDS, Long.toString(threshold));
		AppPreferences.putBoolean(AppPreferences.WATCHDOG_STOP, watchdogStop.getSelection());
		AppPreferences.flush();
		if (!ollamaUrl.getText().trim().equals(shownUrl)) {
			AppPreferences.setOllamaUrl(ollamaUrl.getText());
		}
		super.okPressed();
	}

	/** Validates every field first, so that a bad value changes nothing. */
	private void applyServiceSettings(ServiceSettings settings) throws IOException {
		MemoryThresholds thresholds = new MemoryThresholds(percent(warning, "Warning"), percent(high, "High"),
				percent(critical, "Critical"));
		long memoryMb = positive(cacheMemoryMb, "Cache memory limit");
		long diskMb = positive(cacheDiskMb, "Cache disk limit");
		Map<String, Object> stepDeadlines = new HashMap<>();
		deadlines.forEach((id, text) -> stepDeadlines.put(ServiceSettings.DEADLINE_PREFIX + id,
				positive(text, "Deadline of " + id)));

		settings.update(ServiceSettings.MEMORY_PID, Map.of("memory.threshold.warning", thresholds.warning(),
				"memory.threshold.high", thresholds.high(), "memory.threshold.critical", thresholds.critical(),
				"memory.autostop.enabled", automaticStop.getSelection()));
		Map<String, Object> cache = new HashMap<>(Map.of("memory.max.mb", memoryMb, "disk.max.mb", diskMb));
		cache.put("dir", cacheDirectory.getText().isBlank() ? null : cacheDirectory.getText().trim());
		settings.update(ServiceSettings.INDICATOR_CACHE_PID, cache);
		settings.update(ServiceSettings.STOP_PID, stepDeadlines);
		if (sweeps != null && !sweepsDirectory.getText().isBlank()
				&& !sweepsDirectory.getText().trim().equals(sweeps.sweepsDirectory().toString())) {
			settings.update(ServiceSettings.SWEEP_PID, Map.of("sweeps.dir", sweepsDirectory.getText().trim()));
		}
	}

	private String configured(String pid, String key) {
		try {
			Object value = configurationAdmin == null ? null : new ServiceSettings(configurationAdmin).get(pid, key);
			return value == null ? "" : value.toString();
		} catch (IOException e) {
			return "";
		}
	}

	private static double percent(Text text, String name) {
		try {
			return Double.parseDouble(text.getText().trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(name + " threshold is not a number: \"" + text.getText() + "\"");
		}
	}

	private static long positive(Text text, String name) {
		try {
			long value = Long.parseLong(text.getText().trim());
			if (value > 0) {
				return value;
			}
		} catch (NumberFormatException e) {
			// reported below
		}
		throw new IllegalArgumentException(name + " must be a whole number above 0: \"" + text.getText() + "\"");
	}

	private static String number(double value) {
		return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
	}

	private static Group group(Composite parent, String title, int columns) {
		Group group = new Group(parent, SWT.NONE);
		group.setText(title);
		group.setLayout(new GridLayout(columns, false));
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		return group;
	}

	private static Text field(Composite parent, String label, String value, boolean editable) {
		new Label(parent, SWT.NONE).setText(label);
		Text text = new Text(parent, SWT.BORDER);
		text.setText(value);
		text.setEditable(editable);
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		layout.widthHint = 320;
		text.setLayoutData(layout);
		return text;
	}

	private static void note(Composite parent, String text) {
		Label label = new Label(parent, SWT.WRAP);
		label.setText(text);
		label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
	}
}
