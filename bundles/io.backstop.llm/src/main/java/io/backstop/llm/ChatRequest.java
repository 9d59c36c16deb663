package io.backstop.llm;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A streaming {@code POST /api/chat} request.
 *
 * @param model      the model name
 * @param messages   the conversation so far
 * @param jsonFormat asks Ollama to constrain the reply to JSON ({@code "format": "json"})
 * @param options    model options such as {@code temperature} or {@code seed}; may be empty
 */
public record ChatRequest(String model, List<ChatMessage> messages, boolean jsonFormat, Map<String, Object> options) {

	public ChatRequest {
		Objects.requireNonNull(model, "model");
		messages = List.copyOf(messages);
		options = Map.copyOf(options == null ? Map.of() : options);
	}

	public static ChatRequest of(String model, List<ChatMessage> messages) {
		return new ChatRequest(model, messages, false, Map.of());
	}
}
