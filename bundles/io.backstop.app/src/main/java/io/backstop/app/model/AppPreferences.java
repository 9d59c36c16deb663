package io.backstop.app.model;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The user's settings, in the instance scope (the workspace's
 * {@code .metadata/.plugins/org.eclipse.core.runtime/.settings/io.backstop.app.prefs}).
 */
public final class AppPreferences {

	public static final String NODE = "io.backstop.app";

	/** Boolean: request an emergency stop when memory turns critical. */
	public static final String AUTOMATIC_STOP = "memory.autostop.enabled";

	private AppPreferences() {
	}

	public static IEclipsePreferences node() {
		return InstanceScope.INSTANCE.getNode(NODE);
	}

	public static boolean automaticStop() {
		return node().getBoolean(AUTOMATIC_STOP, false);
	}

	public static String get(String key, String defaultValue) {
		return node().get(key, defaultValue);
	}

	public static void put(String key, String value) {
		node().put(key, value);
	}

	public static void putBoolean(String key, boolean value) {
		node().putBoolean(key, value);
	}

	public static void flush() {
		try {
			node().flush();
		} catch (BackingStoreException e) {
			throw new IllegalStateException("the preferences could not be saved: " + e.getMessage(), e);
		}
	}
}
