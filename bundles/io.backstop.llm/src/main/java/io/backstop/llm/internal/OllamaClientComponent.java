package io.backstop.llm.internal;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import io.backstop.estop.api.TypedConfiguration;
import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatRequest;
import io.backstop.llm.InstalledModel;
import io.backstop.llm.LoadedModel;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;

/**
 * The {@link OllamaClient} service, configured under {@link OllamaClient#PID}
 * ({@link OllamaConfiguration}). What is not configured comes from the environment: the server
 * from the {@value #SYSTEM_PROPERTY} system property, else {@code OLLAMA_HOST}, else the default;
 * the model from {@value #MODEL_SYSTEM_PROPERTY}, else {@link OllamaClient#DEFAULT_MODEL}. A
 * change applies to the next request without a restart.
 */
@Component(service = OllamaClient.class, configurationPid = OllamaClient.PID)
@Designate(ocd = OllamaConfiguration.class)
public final class OllamaClientComponent implements OllamaClient {

	public static final String SYSTEM_PROPERTY = "backstop.ollama.url";
	public static final String MODEL_SYSTEM_PROPERTY = "backstop.llm.model";
	public static final String HOST_VARIABLE = "OLLAMA_HOST";

	/** What the configuration sets; a blank URL or model leaves it to the environment. */
	record Settings(String url, String model, Duration connectTimeout, Duration readTimeout) {

		static final Settings DEFAULT = new Settings("", "", OllamaSettings.DEFAULT_CONNECT_TIMEOUT,
				OllamaSettings.DEFAULT_READ_TIMEOUT);

		Settings {
			url = url.strip();
			model = model.strip();
			if (!url.isEmpty()) {
				try {
					OllamaSettings.normalise(url);
				} catch (IllegalArgumentException e) {
					throw new IllegalArgumentException("url: \"" + url + "\" is not a server address: " + e.getMessage());
				}
			}
			positive("connect.timeout.ms", connectTimeout);
			positive("read.timeout.ms", readTimeout);
		}

		private static void positive(String name, Duration timeout) {
			if (timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException(name + " must be above 0 ms: " + timeout.toMillis());
			}
		}

		static Settings of(OllamaConfiguration config) {
			return new Settings(config.url(), config.model(), Duration.ofMillis(config.connect_timeout_ms()),
					Duration.ofMillis(config.read_timeout_ms()));
		}

		@Override
		public String toString() {
			return "server " + (url.isEmpty() ? "from the environment" : url) + ", model "
					+ (model.isEmpty() ? "from the environment" : model) + ", timeouts " + connectTimeout.toMillis()
					+ "/" + readTimeout.toMillis() + " ms";
		}
	}

	/** Reads system properties and environment variables; replaced in tests. */
	private final UnaryOperator<String> environment;
	private volatile Settings settings = Settings.DEFAULT;
	private HttpOllamaClient current;

	public OllamaClientComponent() {
		this(name -> name.equals(HOST_VARIABLE) ? System.getenv(name) : System.getProperty(name));
	}

	/** For tests: {@code environment} answers for the system properties and {@value #HOST_VARIABLE}. */
	OllamaClientComponent(UnaryOperator<String> environment) {
		this.environment = environment;
	}

	@Activate
	@Modified
	void activate(OllamaConfiguration config) {
		apply(TypedConfiguration.apply(OllamaClient.PID, OllamaConfiguration.class, config, Settings::of, settings));
	}

	/** Applies from the next request on. */
	void apply(Settings newSettings) {
		settings = newSettings;
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
		Settings configured = settings;
		OllamaSettings wanted = new OllamaSettings(base, configured.connectTimeout(), configured.readTimeout());
		if (current == null || !current.settings().equals(wanted)) {
			// the previous client is not closed: a request still in flight on it finishes; its
			// threads end once it is unreferenced
			current = new HttpOllamaClient(wanted);
		}
		return current;
	}

	@Override
	public URI baseUri() {
		return OllamaSettings.resolveBaseUri(settings.url(), environment.apply(SYSTEM_PROPERTY),
				environment.apply(HOST_VARIABLE));
	}

	@Override
	public String model() {
		String configured = settings.model();
		if (!configured.isEmpty()) {
			return configured;
		}
		String property = environment.apply(MODEL_SYSTEM_PROPERTY);
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
}
