package io.backstop.llm.internal;

import org.eclipse.core.runtime.preferences.InstanceScope;

/** Reads the Ollama URL and model the user set in the IDE's preferences, when the preference service is there. */
final class Preferences {

	static final String NODE = "io.backstop.llm";
	static final String OLLAMA_URL = "ollama.url";
	static final String MODEL = "ollama.model";

	private Preferences() {
	}

	static String ollamaUrl() {
		return read(OLLAMA_URL);
	}

	static String model() {
		return read(MODEL);
	}

	private static String read(String key) {
		try {
			return InstanceScope.INSTANCE.getNode(NODE).get(key, null);
		} catch (LinkageError | RuntimeException e) {
			// headless or test runtime without org.eclipse.equinox.preferences or an instance area
			return null;
		}
	}
}
