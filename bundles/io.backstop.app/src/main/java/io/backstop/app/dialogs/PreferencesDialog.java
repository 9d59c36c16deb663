package io.backstop.app.dialogs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.cm.ConfigurationAdmin;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.ServiceSettings;
import io.backstop.cluster.Cluster;
import io.backstop.data.DataLibrary;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.InstalledModel;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;
import io.backstop.memory.MemoryMonitor;
import io.backstop.memory.MemoryThresholds;
import io.backstop.sweep.SweepService;
import jakarta.inject.Inject;

/**
 * File &gt; Preferences. Every service setting is written to that service's configuration (its
 * PID constant), the one place it lives, which the service applies as it changes (a new sweeps
 * directory waits until no sweep runs): the memory thresholds and automatic stop, the Ollama
 * server and model, the sweeps directory, the indicator cache limits, the cluster and the stop-step
 * deadlines. Only the UI watchdog's settings are the workbench's own ({@link AppPreferences}).
 * The model is chosen from those the Ollama server lists; typed only when the server cannot be
 * reached.
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

	@Inject
	@Optional
	private OllamaClient ollama;

	@Inject
	@Optional
	private DataLibrary dataLibrary;

	@Inject
	private AppPreferences preferences;

	private Button automaticStop;
	private Text warning;
	private Text high;
	private Text critical;
	private Text watchdogSeconds;
	private Button watchdogStop;
	private Text ollamaUrl;
	private Combo model;
	private Label modelNotice;
	private String shownUrl;
	private String shownModel;
	private Text dataDirectory;
	private Button strictData;
	private Text sweepsDirectory;
	private Text cacheDirectory;
	private Text cacheMemoryMb;
	private Text cacheDiskMb;
	private final Map<String, Text> deadlines = new LinkedHashMap<>();
	private Button clusterEnabled;
	private Text clusterName;
	private Text clusterPort;
	private Text clusterMembers;

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
		automaticStop.setSelection(monitor != null && monitor.automaticStopEnabled());
		MemoryThresholds thresholds = monitor == null ? MemoryThresholds.DEFAULT : monitor.thresholds();
		warning = field(memory, "Warning at (% used):", number(thresholds.warning()), configurable);
		high = field(memory, "High at (% used):", number(thresholds.high()), configurable);
		critical = field(memory, "Critical at (% used):", number(thresholds.critical()), configurable);

		Group responsiveness = group(area, "Responsiveness", 2);
		watchdogSeconds = field(responsiveness, "Report a window not responding for (s):",
				Integer.toString(preferences.watchdogSeconds()), true);
		watchdogStop = new Button(responsiveness, SWT.CHECK);
		watchdogStop.setText("Run the emergency stop automatically when the window does not respond while work runs");
		watchdogStop.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		watchdogStop.setSelection(preferences.watchdogStops());

		Group llm = group(area, "LLM optimisation (Ollama)", 2);
		shownUrl = ollama == null ? "" : ollama.baseUri().toString();
		ollamaUrl = field(llm, "Ollama URL:", shownUrl, configurable && ollama != null);
		ollamaUrl.setMessage("OLLAMA_HOST, else http://127.0.0.1:11434");
		modelChoice(llm, configurable && ollama != null);

		Group data = group(area, "Market data", 2);
		dataDirectory = field(data, "Data library directory:", configured(DataLibrary.PID, "data.dir"), configurable);
		dataDirectory.setMessage(dataLibrary == null ? "the workspace's data" : dataLibrary.directory().toString());
		strictData = new Button(data, SWT.CHECK);
		strictData.setText("Strict mode: refuse data with gaps (more than twice the timeframe between two bars)");
		strictData.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		strictData.setSelection(dataLibrary != null && dataLibrary.strict());
		strictData.setEnabled(configurable);

		Group work = group(area, "Sweeps and indicator cache", 2);
		sweepsDirectory = field(work, "Sweep results directory:",
				sweeps == null ? "" : sweeps.sweepsDirectory().toString(), configurable && sweeps != null);
		cacheDirectory = field(work, "Indicator cache directory:", configured(IndicatorCache.PID, "dir"),
				configurable);
		cacheDirectory.setMessage("the workspace's .cache/indicators");
		IndicatorCache.Stats stats = indicatorCache == null ? null : indicatorCache.stats();
		cacheMemoryMb = field(work, "Cache memory limit (MB):", stats == null ? "256" : Long.toString(stats.memoryMaxBytes() >> 20),
				configurable);
		cacheDiskMb = field(work, "Cache disk limit (MB):", stats == null ? "1024" : Long.toString(stats.diskMaxBytes() >> 20),
				configurable);

		Group clusterGroup = group(area, "Cluster", 2);
		clusterEnabled = new Button(clusterGroup, SWT.CHECK);
		clusterEnabled.setText("Join a cluster of Backstops to spread sweeps (applies at once)");
		clusterEnabled.setData("id", "preferences.cluster.enabled");
		clusterEnabled.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		clusterEnabled.setSelection(Boolean.parseBoolean(configured(Cluster.PID, "enabled")));
		clusterEnabled.setEnabled(configurable);
		clusterName = field(clusterGroup, "Cluster name:", configured(Cluster.PID, "cluster.name"), configurable);
		clusterName.setMessage("backstop");
		clusterPort = field(clusterGroup, "Port:", configured(Cluster.PID, "port"), configurable);
		clusterPort.setMessage("5701");
		clusterMembers = field(clusterGroup, "Members (HOST[:PORT],...):", configured(Cluster.PID, "members"),
				configurable);
		Label security = new Label(clusterGroup, SWT.WRAP);
		security.setData("id", "preferences.cluster.security");
		security.setText("The open edition has no TLS and no authentication: anyone who reaches the port can join "
				+ "and run work. Members bind to 127.0.0.1; another interface must be allowed explicitly.");
		GridData securityLayout = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
		securityLayout.widthHint = 480;
		security.setLayoutData(securityLayout);

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

	/**
	 * The models the server lists, in a list to choose from; when the server cannot be reached,
	 * the configured model as text to edit, and one line saying why.
	 */
	private void modelChoice(Composite parent, boolean editable) {
		new Label(parent, SWT.NONE).setText("Model:");
		shownModel = ollama == null ? "" : ollama.model();
		List<String> installed = null;
		String unreachable = null;
		if (ollama != null) {
			try {
				installed = ollama.tags().stream().map(InstalledModel::name).sorted().toList();
			} catch (OllamaException e) {
				unreachable = e.getMessage();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				unreachable = "interrupted";
			}
		}
		model = new Combo(parent, installed == null ? SWT.DROP_DOWN | SWT.BORDER : SWT.READ_ONLY);
		model.setData("id", "preferences.model");
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		layout.widthHint = 320;
		model.setLayoutData(layout);
		model.setEnabled(editable);
		modelNotice = new Label(parent, SWT.WRAP);
		modelNotice.setData("id", "preferences.model.notice");
		modelNotice.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		if (installed == null) {
			model.setText(shownModel);
			modelNotice.setText(ollama == null ? "The Ollama client is not running."
					: "The server at " + ollama.baseUri() + " cannot be reached (" + unreachable
							+ "): type the model's name.");
			return;
		}
		model.setItems(installed.toArray(String[]::new));
		int selected = installed.indexOf(shownModel);
		if (selected >= 0) {
			model.select(selected);
			modelNotice.setText(installed.size() + " models installed on " + ollama.baseUri() + ".");
		} else {
			modelNotice.setText(shownModel + " is not installed on " + ollama.baseUri() + ": choose one of the "
					+ installed.size() + " installed.");
		}
	}

	@Override
	protected void okPressed() {
		int threshold;
		try {
			threshold = (int) positive(watchdogSeconds, "The watchdog's threshold");
			if (configurationAdmin != null) {
				applyServiceSettings(new ServiceSettings(configurationAdmin));
			}
			preferences.setWatchdog(threshold, watchdogStop.getSelection());
		} catch (IllegalArgumentException | IllegalStateException | IOException e) {
			MessageDialog.openError(getShell(), "Backstop Preferences", e.getMessage());
			return;
		}
		super.okPressed();
	}

	/** Validates every field first, so that a bad value changes nothing. */
	private void applyServiceSettings(ServiceSettings settings) throws IOException {
		MemoryThresholds thresholds = new MemoryThresholds(percent(warning, "Warning"), percent(high, "High"),
				percent(critical, "Critical"));
		long memoryMb = positive(cacheMemoryMb, "Cache memory limit");
		long diskMb = positive(cacheDiskMb, "Cache disk limit");
		List<String> stepDeadlines = new ArrayList<>();
		deadlines.forEach((id, text) -> stepDeadlines.add(id + "=" + positive(text, "Deadline of " + id)));
		Map<String, Object> cluster = new HashMap<>(Map.of("enabled", clusterEnabled.getSelection()));
		if (!clusterPort.getText().isBlank()) {
			long port = positive(clusterPort, "The cluster's port");
			if (port > 65535) {
				throw new IllegalArgumentException("The cluster's port must be 65,535 or less: \"" + clusterPort.getText() + "\"");
			}
			cluster.put("port", (int) port);
		}
		cluster.put("cluster.name", clusterName.getText().isBlank() ? null : clusterName.getText().trim());
		cluster.put("members", clusterMembers.getText().isBlank() ? null : clusterMembers.getText().trim());

		settings.update(MemoryMonitor.PID, Map.of("threshold.warning", thresholds.warning(), "threshold.high",
				thresholds.high(), "threshold.critical", thresholds.critical(), "automatic.stop",
				automaticStop.getSelection()));
		Map<String, Object> cache = new HashMap<>(Map.of("memory.max.mb", memoryMb, "disk.max.mb", diskMb));
		cache.put("dir", cacheDirectory.getText().isBlank() ? null : cacheDirectory.getText().trim());
		settings.update(IndicatorCache.PID, cache);
		settings.update(EmergencyStop.PID, Map.of("step.deadlines", stepDeadlines.toArray(String[]::new)));
		Map<String, Object> data = new HashMap<>(Map.of("strict", strictData.getSelection()));
		data.put("data.dir", dataDirectory.getText().isBlank() ? null : dataDirectory.getText().trim());
		settings.update(DataLibrary.PID, data);
		settings.update(Cluster.PID, cluster);
		if (sweeps != null && !sweepsDirectory.getText().isBlank()
				&& !sweepsDirectory.getText().trim().equals(sweeps.sweepsDirectory().toString())) {
			settings.update(SweepService.PID, Map.of("sweeps.dir", sweepsDirectory.getText().trim()));
		}
		if (ollama != null) {
			Map<String, Object> client = new HashMap<>();
			// written only when changed, so that OLLAMA_HOST and the defaults keep applying otherwise
			if (!ollamaUrl.getText().trim().equals(shownUrl)) {
				client.put("url", ollamaUrl.getText().isBlank() ? null : ollamaUrl.getText().trim());
			}
			if (!model.getText().trim().equals(shownModel) && !model.getText().isBlank()) {
				client.put("model", model.getText().trim());
			}
			if (!client.isEmpty()) {
				settings.update(OllamaClient.PID, client);
			}
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
