package io.backstop.app.dialogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.addons.PreferencesAddon;
import io.backstop.app.parts.PartHarness;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.OllamaClient;
import io.backstop.memory.MemoryMonitor;

/**
 * What is set in File &gt; Preferences reaches the live services through their one store, their
 * configuration: a step's deadline, the memory thresholds and automatic stop, the Ollama server and model.
 */
class PreferencesDialogUiIT {

	@Test
	void deadlinesAndThresholdsReachTheRunningServices() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ConfigurationAdmin configurationAdmin = startConfigurationAdmin(ui);
			ContextInjectionFactory.make(PreferencesAddon.class, ui.context);
			MemoryMonitor monitor = service(ui, MemoryMonitor.class);
			OllamaClient ollama = service(ui, OllamaClient.class);
			PlannedStep gc = ui.emergencyStop.plannedSteps().stream().filter(s -> s.id().equals("memory.gc"))
					.findFirst().orElseThrow();
			try {
				Shell parent = new Shell(ui.display);
				IEclipseContext dialogContext = ui.context.createChild("preferences");
				dialogContext.set(Shell.class, parent);
				PreferencesDialog dialog = ContextInjectionFactory.make(PreferencesDialog.class, dialogContext);
				dialog.setBlockOnOpen(false);
				dialog.open();
				Shell shell = dialog.getShell();
				assertEquals(Long.toString(gc.timeoutMillis()), field(shell, gc.order() + "  " + gc.label() + ":").getText());

				assertEquals(ollama.baseUri().toString(), field(shell, "Ollama URL:").getText(), "the server the client uses");
				Combo model = (Combo) find(shell, "preferences.model");
				assertEquals(ollama.model(), model.getText(), "the model the client asks");
				assertTrue((model.getStyle() & SWT.READ_ONLY) == 0, "typed while the server cannot be reached");
				assertTrue(((Label) find(shell, "preferences.model.notice")).getText()
						.startsWith("The server at " + ollama.baseUri() + " cannot be reached ("), "one line saying so");
				assertTrue(((Label) find(shell, "preferences.cluster.security")).getText()
						.startsWith("The open edition has no TLS and no authentication"), "the cluster's security note");
				assertFalse(((Button) find(shell, "preferences.cluster.enabled")).getSelection(), "clustering is off by default");

				field(shell, gc.order() + "  " + gc.label() + ":").setText("1234");
				field(shell, "Critical at (% used):").setText("95");
				button(shell, "Run the emergency stop automatically when memory turns critical").setSelection(true);
				field(shell, "Ollama URL:").setText("http://127.0.0.1:9");
				model.setText("qwen2.5:7b");
				button(shell, "OK").notifyListeners(SWT.Selection, null);

				awaitTrue(ui, () -> monitor.thresholds().critical() == 95, "the monitor's critical threshold");
				awaitTrue(ui, monitor::automaticStopEnabled, "the automatic stop, kept by the monitor only");
				awaitTrue(ui, () -> ui.emergencyStop.plannedSteps().stream()
						.anyMatch(s -> s.id().equals("memory.gc") && s.timeoutMillis() == 1234), "the GC step's deadline");
				awaitTrue(ui, () -> ollama.model().equals("qwen2.5:7b"), "the model the client asks");
				assertEquals("http://127.0.0.1:9", ollama.baseUri().toString(), "the server the client uses");
				assertEquals("qwen2.5:7b", configurationAdmin.getConfiguration(OllamaClient.PID, "?").getProperties()
						.get("model"), "in the client's configuration, which Configuration Admin persists");
				assertEquals(Boolean.TRUE, configurationAdmin.getConfiguration(MemoryMonitor.PID, "?").getProperties()
						.get("automatic.stop"));
				parent.dispose();
			} finally {
				configurationAdmin.getConfiguration(EmergencyStop.PID, "?").delete();
				configurationAdmin.getConfiguration(MemoryMonitor.PID, "?").delete();
				configurationAdmin.getConfiguration(IndicatorCache.PID, "?").delete();
				configurationAdmin.getConfiguration(OllamaClient.PID, "?").delete();
			}
		}
	}

	@Test
	void theWatchdogsThresholdAndOptInAreStoredWithTheWorkbenchPreferences() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ContextInjectionFactory.make(PreferencesAddon.class, ui.context);
			AppPreferences preferences = ui.context.get(AppPreferences.class);
			IEclipsePreferences node = InstanceScope.INSTANCE.getNode(AppPreferences.NODE);
			Shell parent = new Shell(ui.display);
			try {
				IEclipseContext dialogContext = ui.context.createChild("preferences");
				dialogContext.set(Shell.class, parent);
				PreferencesDialog dialog = ContextInjectionFactory.make(PreferencesDialog.class, dialogContext);
				dialog.setBlockOnOpen(false);
				dialog.open();
				Shell shell = dialog.getShell();
				Text threshold = field(shell, "Report a window not responding for (s):");
				assertEquals(Integer.toString(AppPreferences.DEFAULT_WATCHDOG_SECONDS), threshold.getText());
				Button stops = button(shell, "Run the emergency stop automatically when the window does not respond while work runs");
				assertFalse(stops.getSelection(), "opt-in");

				threshold.setText("3");
				stops.setSelection(true);
				button(shell, "OK").notifyListeners(SWT.Selection, null);

				assertEquals(3, preferences.watchdogSeconds());
				assertTrue(preferences.watchdogStops());
				assertEquals("3", node.get(AppPreferences.WATCHDOG_SECONDS, null), "in the instance scope");
			} finally {
				node.remove(AppPreferences.WATCHDOG_SECONDS);
				node.remove(AppPreferences.WATCHDOG_STOP);
				parent.dispose();
			}
		}
	}

	private static Control find(Composite parent, String id) {
		for (Control child : parent.getChildren()) {
			if (id.equals(child.getData("id"))) {
				return child;
			}
			if (child instanceof Composite composite) {
				try {
					return find(composite, id);
				} catch (AssertionError e) {
					// not in this branch
				}
			}
		}
		throw new AssertionError("no control " + id);
	}

	/** The test runtime installs Configuration Admin but, unlike the product, does not start it. */
	private static ConfigurationAdmin startConfigurationAdmin(PartHarness ui) throws Exception {
		for (Bundle bundle : ui.bundleContext.getBundles()) {
			if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
				bundle.start();
			}
		}
		return service(ui, ConfigurationAdmin.class);
	}

	private static <T> T service(PartHarness ui, Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(ui.bundleContext, type, null);
		tracker.open();
		T service = tracker.waitForService(10_000);
		assertNotNull(service, type.getSimpleName());
		return service;
	}

	private static Text field(Composite parent, String label) {
		Control[] children = parent.getChildren();
		for (int i = 0; i < children.length; i++) {
			if (children[i] instanceof Label l && l.getText().equals(label) && children[i + 1] instanceof Text text) {
				return text;
			}
			if (children[i] instanceof Composite composite) {
				Text found = fieldOrNull(composite, label);
				if (found != null) {
					return found;
				}
			}
		}
		throw new AssertionError("no field labelled " + label);
	}

	private static Text fieldOrNull(Composite parent, String label) {
		try {
			return field(parent, label);
		} catch (AssertionError notHere) {
			return null;
		}
	}

	private static Button button(Composite parent, String text) {
		for (Control child : parent.getChildren()) {
			if (child instanceof Button b && b.getText().equals(text)) {
				return b;
			}
			if (child instanceof Composite composite) {
				try {
					return button(composite, text);
				} catch (AssertionError notHere) {
					// look further
				}
			}
		}
		throw new AssertionError("no button " + text);
	}

	private static void awaitTrue(PartHarness ui, BooleanSupplier condition, String what) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
		while (!condition.getAsBoolean()) {
			if (Instant.now().isAfter(deadline)) {
				throw new AssertionError("not applied within 10 s: " + what);
			}
			ui.flush();
			Thread.sleep(50);
		}
	}
}
