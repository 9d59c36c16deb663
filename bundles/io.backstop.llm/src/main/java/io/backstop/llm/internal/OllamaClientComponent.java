package io.backstop.llm.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatRequest;
import io.backstop.llm.InstalledModel;
import io.backstop.llm.LoadedModel;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;

/**
 * The {@link OllamaClient} service. The base URL is resolved on every call (component
 * property {@code ollama.url}, the {@code ollama.url} preference, the
 * {@code backstop.ollama.url} system property, {@code OLLAMA_HOST}, the default), so a
 * change in the preferences applies to the next request without a restart.
 */
@Component(service = OllamaClient.class)
public final class OllamaClientComponent implements OllamaClient {

	public static final String URL_PROPERTY = "ollama.url";
	public static final String SYSTEM_PROPERTY = "backstop.ollama.url";
	public static final String MODEL_PROPERTY = "ollama.model";
	public static final String MODEL_SYSTEM_PROPERTY = "backstop.llm.model";
	static final String CONNECT_TIMEOUT_MS = "connect.timeout.ms";
	static final String READ_TIMEOUT_MS = "read.timeout.ms";

	private volatile Map<String, Object> properties = Map.of();
	private HttpOllamaClient current;

	@Activate
	void activate(Map<String, Object> componentProperties) {
		this.properties = Map.copyOf(componentProperties);
	}

	@Deactivate
	synchronized void deactivate() {
		if (current != null) {
			current.close();
			current = null;
		}
	}

	private synchronized HttpOllamaClient client() {
		URI base = baseUri();
		if (current == null || !current.baseUri().equals(base)) {
			// the previous client is not closed: a request still in flight on it finishes; its
			// threads end once it is unreferenced
			current = new HttpOllamaClient(new OllamaSettings(base,
					millis(CONNECT_TIMEOUT_MS, OllamaSettings.DEFAULT_CONNECT_TIMEOUT),
					millis(READ_TIMEOUT_MS, OllamaSettings.DEFAULT_READ_TIMEOUT)));
		}
		return current;
	}

	@Override
	public URI baseUri() {
		Object configured = properties.get(URL_PROPERTY);
		String explicit = configured instanceof String s && !s.isBlank() ? s : Preferences.ollamaUrl();
		return OllamaSettings.resolveBaseUri(explicit, System.getProperty(SYSTEM_PROPERTY), System.getenv("OLLAMA_HOST"));
	}

	@Override
	public String model() {
		Object configured = properties.get(MODEL_PROPERTY);
		String explicit = configured instanceof String s && !s.isBlank() ? s : Preferences.model();
		if (explicit != null && !explicit.isBlank()) {
			return explicit.strip();
		}
		String property = System.getProperty(MODEL_SYSTEM_PROPERTY);
		return property != null && !property.isBlank() ? property.strip() : DEFAULT_MODEL;
	}

	@Override
	public List<InstalledModel> tags() throws OllamaException, InterruptedException {
		return client().tags();
	}

	@Override
	public List<LoadedModel> ps() throws OllamaException, InterruptedException {
		return client().ps();
	}

	@Override
	public ChatExchange chat(ChatRequest request, Consumer<String> onToken) {
		return client().chat(request, onToken);
	}

	@Override
	public String unload(String model) throws OllamaException, InterruptedException {
		return client().unload(model);
	}

	private Duration millis(String key, Duration fallback) {
		Object v = properties.get(key);
		if (v instanceof Number n) {
			return Duration.ofMillis(n.longValue());
		}
		if (v instanceof String s && !s.isBlank()) {
			return Duration.ofMillis(Long.parseLong(s.trim()));
		}
		return fallback;
	}
}
