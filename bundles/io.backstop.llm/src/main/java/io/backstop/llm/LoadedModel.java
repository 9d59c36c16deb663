package io.backstop.llm;

/**
 * A model loaded in memory, as {@code GET /api/ps} lists it.
 *
 * @param name          the model name
 * @param sizeBytes     memory it occupies in total
 * @param sizeVramBytes the part of it held in GPU memory
 * @param expiresAt     when Ollama would unload it by itself (ISO-8601 text), or empty
 */
public record LoadedModel(String name, long sizeBytes, long sizeVramBytes, String expiresAt) {
}
