package io.backstop.llm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

/**
 * The run's record in the workspace: one JSON object per line, appended and flushed as each
 * event happens, so a stop or a crash leaves every completed line intact and readable.
 */
final class IterationLog implements AutoCloseable {

	private final Path file;
	private final Writer writer;

	IterationLog(Path file) throws IOException {
		this.file = file;
		if (file.getParent() != null) {
			Files.createDirectories(file.getParent());
		}
		this.writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
				StandardOpenOption.APPEND, StandardOpenOption.WRITE);
	}

	Path file() {
		return file;
	}

	/** A new line of the given type; fill it and pass it to {@link #append}. */
	static JsonObject line(String type, String runId) {
		JsonObject line = new JsonObject();
		line.addProperty("type", type);
		line.addProperty("run", runId);
		line.addProperty("at", Instant.now().toString());
		return line;
	}

	synchronized void append(JsonObject line) {
		try {
			writer.write(line.toString());
			writer.write('\n');
			writer.flush();
		} catch (IOException e) {
			throw new UncheckedIOException("could not append to the agent log " + file + ": " + e.getMessage(), e);
		}
	}

	@Override
	public synchronized void close() throws IOException {
		writer.close();
	}

	static JsonElement number(double value) {
		return Double.isNaN(value) || Double.isInfinite(value) ? JsonNull.INSTANCE : new JsonPrimitive(value);
	}

	static JsonObject numbers(Map<String, ? extends Number> values) {
		JsonObject o = new JsonObject();
		values.forEach((k, v) -> o.add(k, v instanceof Long || v instanceof Integer ? new JsonPrimitive(v)
				: number(v.doubleValue())));
		return o;
	}
}
