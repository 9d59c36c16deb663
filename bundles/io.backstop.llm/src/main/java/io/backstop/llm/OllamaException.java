package io.backstop.llm;

import java.io.IOException;

/**
 * A call to Ollama that did not give a usable answer. The {@link Kind} lets callers tell
 * "Ollama is not running" (skip quietly) from "Ollama answered nonsense" (report it).
 */
public class OllamaException extends IOException {

	private static final long serialVersionUID = 1L;

	/** What went wrong. */
	public enum Kind {
		/** Nothing listens at the base URL, or connecting took longer than the connect timeout. */
		UNREACHABLE,
		/** No reply, or no further data of a streaming reply, within the read timeout. */
		TIMEOUT,
		/** The server answered with an HTTP error status or an {@code error} object. */
		HTTP_ERROR,
		/** The body was not the JSON the endpoint should return. */
		BAD_RESPONSE,
		/** The connection dropped before the reply was complete. */
		CONNECTION_DROPPED,
		/** The caller aborted the request (emergency stop, cancelled run). */
		ABORTED
	}

	private final Kind kind;
	private final int status;

	public OllamaException(Kind kind, String message) {
		this(kind, -1, message, null);
	}

	public OllamaException(Kind kind, String message, Throwable cause) {
		this(kind, -1, message, cause);
	}

	public OllamaException(Kind kind, int status, String message, Throwable cause) {
		super(message, cause);
		this.kind = kind;
		this.status = status;
	}

	public Kind kind() {
		return kind;
	}

	/** The HTTP status for {@link Kind#HTTP_ERROR}, else -1. */
	public int status() {
		return status;
	}
}
