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

	/** Int: seconds the window may not respond while work runs before the watchdog reports it. */
	public static final String WATCHDOG_SECONDS = "watchdog.threshold.seconds";

	public static final int DEFAULT_WATCHDOG_SECONDS = 10;

	/** Boolean: the watchdog also requests an emergency stop when it reports the window unresponsive. */
	public static final String WATCHDOG_STOP = "watchdog.autostop.enabled";

	/** String: the Ollama model the LLM optimisation asks. */
	public static final String LLM_MODEL = "llm.model";

	public static final String DEFAULT_LLM_MODEL = "llama3.2";

	/** The LLM bundle's node and key for the Ollama URL: it reads them for every request. */
	public static final String LLM_NODE = "io.backstop.llm";
	public static final String OLLAMA_URL = "ollama.url";
	public static final String DEFAULT_OLLAMA_URL = "http://127.0.0.1:11434";

	private AppPreferences() {
	}

	public static String llmModel() {
		String model = node().get(LLM_MODEL, DEFAULT_LLM_MODEL);
		return model.isBlank() ? DEFAULT_LLM_MODEL : model;
	}

	public static String ollamaUrl() {
		String url = InstanceScope.INSTANCE.getNode(LLM_NODE).get(OLLAMA_URL, "");
		return url.isBlank() ? DEFAULT_OLLAMA_URL : url;
	}

	/** Sets the Ollama URL where the LLM bundle reads it; blank removes it (default or OLLAMA_HOST apply). */
	public static void setOllamaUrl(String url) {
		if (url == null || url.isBlank()) {
			InstanceScope.INSTANCE.getNode(LLM_NODE).remove(OLLAMA_URL);
		} else {
			InstanceScope.INSTANCE.getNode(LLM_NODE).put(OLLAMA_URL, url.trim());
		}
		try {
			InstanceScope.INSTANCE.getNode(LLM_NODE).flush();
		} catch (BackingStoreException e) {
			throw new IllegalStateException("the preferences could not be saved: " + e.getMessage(), e);
		}
	}

	public static IEclipsePreferences node() {
		return InstanceScope.INSTANCE.getNode(NODE);
	}

	public static boolean automaticStop() {
		return node().getBoolean(AUTOMATIC_STOP, false);
	}

	/** The watchdog's threshold in seconds; a stored value below 1 counts as the default. */
	public static int watchdogSeconds() {
		int seconds = node().getInt(WATCHDOG_SECONDS, DEFAULT_WATCHDOG_SECONDS);
		return seconds < 1 ? DEFAULT_WATCHDOG_SECONDS : seconds;
	}

	public static boolean watchdogStops() {
		return node().getBoolean(WATCHDOG_STOP, false);
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
