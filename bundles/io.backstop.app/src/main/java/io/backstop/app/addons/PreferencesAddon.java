package io.backstop.app.addons;

import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.e4.core.di.annotations.Optional;

import io.backstop.app.model.AppPreferences;
import io.backstop.memory.MemoryMonitor;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Applies the user's preferences to the services they govern, at start and whenever they
 * change: the memory monitor's automatic emergency stop.
 */
public class PreferencesAddon {

	private volatile MemoryMonitor monitor;
	private final IPreferenceChangeListener listener = event -> apply();

	@PostConstruct
	void start() {
		AppPreferences.node().addPreferenceChangeListener(listener);
		apply();
	}

	/** Called again by the injector when the monitor service comes or goes. */
	@Inject
	void setMonitor(@Optional MemoryMonitor newMonitor) {
		monitor = newMonitor;
		apply();
	}

	void apply() {
		MemoryMonitor current = monitor;
		if (current != null) {
			current.setAutomaticStopEnabled(AppPreferences.automaticStop());
		}
	}

	@PreDestroy
	void stop() {
		AppPreferences.node().removePreferenceChangeListener(listener);
	}
}
