package io.backstop.llm.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Where Ollama listens and how long to wait for it.
 *
 * @param connectTimeout bound on opening the TCP connection
 * @param readTimeout    bound on a whole non-streaming call, and on the silence between two
 *                       chunks of a streaming reply (the first chunk waits for the model to load)
 */
public record OllamaSettings(URI baseUri, Duration connectTimeout, Duration readTimeout) {

	public static final String DEFAULT_URL = "http://127.0.0.1:11434";
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
	private static final int DEFAULT_PORT = 11434;

	public OllamaSettings {
		Objects.requireNonNull(baseUri, "baseUri");
		Objects.requireNonNull(connectTimeout, "connectTimeout");
		Objects.requireNonNull(readTimeout, "readTimeout");
	}

	public OllamaSettings withTimeouts(Duration connect, Duration read) {
		return new OllamaSettings(baseUri, connect, read);
	}

	/**
	 * The base URL by precedence: an explicit setting (preference or component property), the
	 * system property, the {@code OLLAMA_HOST} environment variable, the default.
	 */
	public static URI resolveBaseUri(String configured, String systemProperty, String ollamaHost) {
		for (String candidate : new String[] { configured, systemProperty, ollamaHost }) {
			if (candidate != null && !candidate.isBlank()) {
				return normalise(candidate.trim());
			}
		}
		return URI.create(DEFAULT_URL);
	}

	/**
	 * Accepts the forms Ollama itself accepts in {@code OLLAMA_HOST}: "host", "host:port",
	 * ":port", with or without scheme. 0.0.0.0 is a listen address, so a client connects to
	 * loopback instead.
	 */
	static URI normalise(String value) {
		String text = value;
		String scheme = "http";
		int sep = text.indexOf("://");
		if (sep >= 0) {
			scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
			text = text.substring(sep + 3);
		}
		String path = "";
		int slash = text.indexOf('/');
		if (slash >= 0) {
			path = text.substring(slash).replaceAll("/+$", "");
			text = text.substring(0, slash);
		}
		String host = text;
		int port = -1;
		int colon = text.lastIndexOf(':');
		if (colon >= 0 && !text.endsWith("]")) {
			host = text.substring(0, colon);
			String portText = text.substring(colon + 1);
			if (!portText.isEmpty()) {
				try {
					port = Integer.parseInt(portText);
				} catch (NumberFormatException e) {
					throw new IllegalArgumentException("Ollama URL '" + value + "' has an invalid port", e);
				}
			}
		}
		if (host.isEmpty() || host.equals("0.0.0.0")) {
			host = "127.0.0.1";
		}
		if (port < 0) {
			port = "https".equals(scheme) && sep >= 0 ? 443 : DEFAULT_PORT;
		}
		return URI.create(scheme + "://" + host + ":" + port + path);
	}
}
