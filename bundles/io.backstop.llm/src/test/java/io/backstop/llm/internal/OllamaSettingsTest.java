package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class OllamaSettingsTest {

	@Test
	void precedenceIsConfiguredThenSystemPropertyThenEnvironment() {
		assertEquals(URI.create("http://a:1"), OllamaSettings.resolveBaseUri("http://a:1", "http://b:2", "c:3"));
		assertEquals(URI.create("http://b:2"), OllamaSettings.resolveBaseUri(" ", "http://b:2", "c:3"));
		assertEquals(URI.create("http://c:3"), OllamaSettings.resolveBaseUri(null, null, "c:3"));
		assertEquals(URI.create("http://127.0.0.1:11434"), OllamaSettings.resolveBaseUri(null, null, null));
	}

	@Test
	void ollamaHostFormsAreNormalised() {
		assertEquals(URI.create("http://127.0.0.1:11434"), OllamaSettings.normalise("0.0.0.0"));
		assertEquals(URI.create("http://127.0.0.1:8080"), OllamaSettings.normalise("0.0.0.0:8080"));
		assertEquals(URI.create("http://127.0.0.1:9999"), OllamaSettings.normalise(":9999"));
		assertEquals(URI.create("http://gpu-box:11434"), OllamaSettings.normalise("gpu-box"));
		assertEquals(URI.create("https://ollama.example:443/ollama"),
				OllamaSettings.normalise("https://ollama.example/ollama/"));
	}
}
