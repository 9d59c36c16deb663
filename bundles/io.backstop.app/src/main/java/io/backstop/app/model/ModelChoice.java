package io.backstop.app.model;

import java.net.URI;
import java.util.List;

/**
 * The models the Run view offers for an LLM run: those the Ollama server lists, the configured
 * one chosen when the server has it; only the configured one, with a notice, when the server
 * cannot be asked.
 *
 * @param server   the server the agent will talk to
 * @param models   the models to choose from
 * @param selected the model chosen at first
 * @param notice   one line when the choice is not the server's list with the configured model in it; else empty
 */
public record ModelChoice(URI server, List<String> models, String selected, String notice) {

	public ModelChoice {
		models = List.copyOf(models);
	}

	/** The server listed {@code installed}. */
	public static ModelChoice listed(URI server, String configured, List<String> installed) {
		if (installed.isEmpty()) {
			return new ModelChoice(server, List.of(configured), configured,
					"The Ollama server at " + server + " has no model installed: pull one (ollama pull " + configured + ")");
		}
		if (installed.contains(configured)) {
			return new ModelChoice(server, installed, configured, "");
		}
		return new ModelChoice(server, installed, installed.get(0),
				"The configured model " + configured + " is not installed on " + server + ": choose one it has");
	}

	/** The server could not be asked for its models. */
	public static ModelChoice unreachable(URI server, String configured, String why) {
		return new ModelChoice(server, List.of(configured), configured,
				"Ollama at " + server + " did not answer (" + why + "): the run will ask the configured model " + configured);
	}

	/** "Ollama server: http://127.0.0.1:11434". */
	public String serverLine() {
		return "Ollama server: " + server;
	}
}
