package io.backstop.llm.internal;

import org.eclipse.core.runtime.preferences.InstanceScope;

/** Reads the Ollama URL the user set in the IDE's preferences, when the preference service is there. */
final class Preferences {

	static final String NODE = "io.backstop.llm";
	static final String OLLAMA_URL = "ollama.url";

	private Preferences() {
	}

	static String ollamaUrl() {
		try {
			return InstanceScope.INSTANCE.getNode(NODE).get(OLLAMA_URL, null);
		} catch (LinkageError | RuntimeException e) {
			// headless or test runtime without org.eclipse.equinox.preferences or an instance area
			return null;
		}
	}
}
