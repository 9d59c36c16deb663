package io.backstop.app.model;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The workbench's own settings, those no service reads: the UI watchdog's. Kept in the instance
 * scope (the workspace's
 * {@code .metadata/.plugins/org.eclipse.core.runtime/.settings/io.backstop.app.prefs}); the
 * services' settings live in their Configuration Admin configurations. One instance, put into the
 * application's context by the {@code PreferencesAddon}, injected where it is needed.
 */
public final class AppPreferences {

	public static final String NODE = "io.backstop.app";

	/** Int: seconds the window may not respond while work runs before the watchdog reports it. */
	public static final String WATCHDOG_SECONDS = "watchdog.threshold.seconds";

	public static final int DEFAULT_WATCHDOG_SECONDS = 10;

	/** Boolean: the watchdog also requests an emergency stop when it reports the window unresponsive. */
	public static final String WATCHDOG_STOP = "watchdog.autostop.enabled";

	private final IEclipsePreferences node;

	public AppPreferences(IEclipsePreferences node) {
		this.node = node;
	}

	/** The watchdog's threshold in seconds; a stored value below 1 counts as the default. */
	public int watchdogSeconds() {
		int seconds = node.getInt(WATCHDOG_SECONDS, DEFAULT_WATCHDOG_SECONDS);
		return seconds < 1 ? DEFAULT_WATCHDOG_SECONDS : seconds;
	}

	public boolean watchdogStops() {
		return node.getBoolean(WATCHDOG_STOP, false);
	}

	/** Sets the watchdog's threshold and whether it stops, and saves them. */
	public void setWatchdog(int seconds, boolean stops) {
		if (seconds < 1) {
			throw new IllegalArgumentException("The watchdog's threshold must be at least 1 s: " + seconds);
		}
		node.putInt(WATCHDOG_SECONDS, seconds);
		node.putBoolean(WATCHDOG_STOP, stops);
		try {
			node.flush();
		} catch (BackingStoreException e) {
			throw new IllegalStateException("the preferences could not be saved: " + e.getMessage(), e);
		}
	}
}
