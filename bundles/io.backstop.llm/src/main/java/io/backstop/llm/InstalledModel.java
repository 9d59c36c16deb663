package io.backstop.llm;

/**
 * A model installed on the Ollama server, as {@code GET /api/tags} lists it.
 *
 * @param name       the name to use in requests, for example {@code llama3.2:latest}
 * @param sizeBytes  size on disk
 * @param modifiedAt as Ollama reports it (ISO-8601 text), or empty
 */
public record InstalledModel(String name, long sizeBytes, String modifiedAt) {
}
