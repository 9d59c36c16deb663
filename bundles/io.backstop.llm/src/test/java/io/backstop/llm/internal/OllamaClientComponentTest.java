package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.llm.OllamaClient;

/** Where the client's server and model come from: its configuration, else the environment. */
class OllamaClientComponentTest {

	private final Map<String, String> environment = new HashMap<>();
	private final OllamaClientComponent client = new OllamaClientComponent(environment::get);

	private static OllamaClientComponent.Settings configured(String url, String model) {
		return new OllamaClientComponent.Settings(url, model, Duration.ofSeconds(2), Duration.ofSeconds(120));
	}

	@Test
	void ollamaHostIsHonouredWhenNothingIsConfigured() {
		assertEquals(URI.create("http://127.0.0.1:11434"), client.baseUri(), "the default");
		environment.put(OllamaClientComponent.HOST_VARIABLE, "gpu-box:11500");
		assertEquals(URI.create("http://gpu-box:11500"), client.baseUri());
		environment.put(OllamaClientComponent.SYSTEM_PROPERTY, "http://10.0.0.7:11434");
		assertEquals(URI.create("http://10.0.0.7:11434"), client.baseUri(), "the system property before OLLAMA_HOST");
	}

	@Test
	void theConfiguredServerAndModelComeFirst() {
		environment.put(OllamaClientComponent.HOST_VARIABLE, "gpu-box:11500");
		environment.put(OllamaClientComponent.MODEL_SYSTEM_PROPERTY, "qwen2.5");
		assertEquals("qwen2.5", client.model(), "the system property when no model is configured");
		client.apply(configured(" http://127.0.0.1:9999 ", "mistral"));
		assertEquals(URI.create("http://127.0.0.1:9999"), client.baseUri());
		assertEquals("mistral", client.model());
		client.apply(configured("", ""));
		assertEquals(URI.create("http://gpu-box:11500"), client.baseUri(), "a blank setting leaves it to the environment");
		environment.clear();
		assertEquals(OllamaClient.DEFAULT_MODEL, client.model());
	}

	@Test
	void aBadValueIsRefusedNamingIt() {
		assertEquals("url: \"http://host:port\" is not a server address: Ollama URL 'http://host:port' has an invalid port",
				assertThrows(IllegalArgumentException.class, () -> configured("http://host:port", "")).getMessage());
		assertEquals("connect.timeout.ms must be above 0 ms: 0", assertThrows(IllegalArgumentException.class,
				() -> new OllamaClientComponent.Settings("", "", Duration.ZERO, Duration.ofSeconds(1))).getMessage());
	}
}
