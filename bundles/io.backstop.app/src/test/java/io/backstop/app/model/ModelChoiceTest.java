package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which models the Run view offers for an LLM run. */
class ModelChoiceTest {

	private static final URI SERVER = URI.create("http://10.0.0.7:11434");

	@Test
	void theServersModelsWithTheConfiguredOneChosen() {
		ModelChoice choice = ModelChoice.listed(SERVER, "qwen2.5", List.of("llama3.2", "qwen2.5"));
		assertEquals(List.of("llama3.2", "qwen2.5"), choice.models());
		assertEquals("qwen2.5", choice.selected());
		assertEquals("", choice.notice());
		assertEquals("Ollama server: http://10.0.0.7:11434", choice.serverLine());
	}

	@Test
	void aConfiguredModelTheServerLacksIsNotOffered() {
		ModelChoice choice = ModelChoice.listed(SERVER, "llama3.2", List.of("mistral", "qwen2.5"));
		assertEquals(List.of("mistral", "qwen2.5"), choice.models());
		assertEquals("mistral", choice.selected());
		assertEquals("The configured model llama3.2 is not installed on http://10.0.0.7:11434: choose one it has",
				choice.notice());
	}

	@Test
	void anUnreachableServerLeavesTheConfiguredModelWithOneLineSayingSo() {
		ModelChoice choice = ModelChoice.unreachable(SERVER, "llama3.2", "connection refused");
		assertEquals(List.of("llama3.2"), choice.models());
		assertEquals("Ollama at http://10.0.0.7:11434 did not answer (connection refused): the run will ask the "
				+ "configured model llama3.2", choice.notice());
	}
}
