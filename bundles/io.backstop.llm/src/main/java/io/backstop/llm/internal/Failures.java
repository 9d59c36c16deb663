package io.backstop.llm.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import com.google.gson.JsonObject;

import io.backstop.llm.OllamaException;
import io.backstop.llm.OllamaException.Kind;

/** Turns what the JDK HTTP client throws into messages a user can act on. */
final class Failures {

	private final URI base;
	private final OllamaSettings settings;

	Failures(OllamaSettings settings) {
		this.settings = settings;
		this.base = settings.baseUri();
	}

	OllamaException map(String what, Throwable thrown) {
		Throwable t = unwrap(thrown);
		if (t instanceof OllamaException o) {
			return o;
		}
		if (t instanceof HttpConnectTimeoutException) {
			return new OllamaException(Kind.UNREACHABLE, "Ollama is not reachable at " + base + ": no connection within "
					+ settings.connectTimeout().toMillis() + " ms", t);
		}
		if (causedBy(t, ConnectException.class) || causedBy(t, UnresolvedAddressException.class)
				|| causedBy(t, UnknownHostException.class)) {
			return new OllamaException(Kind.UNREACHABLE, "Ollama is not reachable at " + base + " (" + unreachable(t) + ")",
					t);
		}
		if (t instanceof HttpTimeoutException) {
			return timeout(what, settings.readTimeout(), t);
		}
		if (t instanceof CancellationException) {
			return new OllamaException(Kind.ABORTED, what + " was aborted", t);
		}
		return new OllamaException(Kind.CONNECTION_DROPPED,
				"connection to Ollama at " + base + " dropped during " + what + " (" + describe(t) + ")", t);
	}

	OllamaException timeout(String what, Duration waited, Throwable cause) {
		return new OllamaException(Kind.TIMEOUT,
				"Ollama at " + base + " did not answer " + what + " within " + waited.toMillis() + " ms", cause);
	}

	OllamaException httpError(String what, int status, String body) {
		JsonObject json = Json.parseObject(body);
		String error = Json.string(json, "error", null);
		String message = error != null ? error : Json.snippet(body).isEmpty() ? "empty body" : Json.snippet(body);
		return new OllamaException(Kind.HTTP_ERROR, status,
				"Ollama at " + base + " answered " + what + " with HTTP " + status + ": " + message, null);
	}

	OllamaException notJson(String what, String body) {
		return new OllamaException(Kind.BAD_RESPONSE,
				"Ollama at " + base + " answered " + what + " with a body that is not a JSON object: '"
						+ Json.snippet(body) + "'");
	}

	OllamaException badShape(String what, String problem) {
		return new OllamaException(Kind.BAD_RESPONSE, "Ollama at " + base + " answered " + what + " unexpectedly: " + problem);
	}

	private static Throwable unwrap(Throwable t) {
		Throwable current = t;
		while ((current instanceof CompletionException || current instanceof ExecutionException)
				&& current.getCause() != null) {
			current = current.getCause();
		}
		return current;
	}

	private static boolean causedBy(Throwable t, Class<? extends Throwable> type) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (type.isInstance(c)) {
				return true;
			}
		}
		return false;
	}

	/** The JDK reports a refused connection as a ConnectException without message over a ClosedChannelException. */
	private static String unreachable(Throwable t) {
		for (Throwable c = t; c != null; c = c.getCause()) {
			if (c instanceof UnresolvedAddressException || c instanceof UnknownHostException) {
				return "unknown host";
			}
			if (c instanceof ConnectException && c.getMessage() != null && !c.getMessage().isBlank()) {
				return c.getMessage();
			}
		}
		return "connection refused";
	}

	private static String describe(Throwable t) {
		if (t instanceof ConnectException && (t.getMessage() == null || t.getMessage().isBlank())) {
			return "connection refused";
		}
		String m = t.getMessage();
		return m == null || m.isBlank() ? t.getClass().getSimpleName()
				: (t instanceof IOException ? "" : t.getClass().getSimpleName() + ": ") + m;
	}
}
