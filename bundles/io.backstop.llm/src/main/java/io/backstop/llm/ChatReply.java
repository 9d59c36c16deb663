package io.backstop.llm;

/**
 * A complete chat reply: the streamed tokens joined.
 *
 * @param model      the model that answered
 * @param content    the assistant's message
 * @param doneReason Ollama's {@code done_reason} ("stop", "length", ...), or empty
 * @param chunks     how many NDJSON chunks the reply came in
 */
public record ChatReply(String model, String content, String doneReason, int chunks) {
}
