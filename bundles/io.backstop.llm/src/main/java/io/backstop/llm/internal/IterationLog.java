package io.backstop.llm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;

import io.backstop.llm.AgentSpec;
import io.backstop.llm.IterationRecord;
import io.backstop.llm.ParameterSpec;

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

	private static JsonObject line(String type, String runId) {
		JsonObject line = new JsonObject();
		line.addProperty("type", type);
		line.addProperty("run", runId);
		line.addProperty("at", Instant.now().toString());
		return line;
	}

	private synchronized void append(JsonObject line) {
		try {
			writer.write(line.toString());
			writer.write('\n');
			writer.flush();
		} catch (IOException e) {
			throw new UncheckedIOException("could not append to the agent log " + file + ": " + e.getMessage(), e);
		}
	}

	void start(String runId, AgentSpec spec, String ollama, String systemPrompt) {
		JsonObject line = line("start", runId);
		line.addProperty("strategy", spec.strategyId());
		line.addProperty("data", spec.dataSeries());
		line.addProperty("model", spec.model());
		line.addProperty("ollama", ollama);
		line.addProperty("objective", spec.objective().describe());
		line.addProperty("maxIterations", spec.maxIterations());
		JsonArray params = new JsonArray();
		for (ParameterSpec p : spec.parameters()) {
			params.add(p.describe());
		}
		line.add("parameters", params);
		line.addProperty("system", systemPrompt);
		append(line);
	}

	/** A reply that could not be used, and why; the model is asked again. */
	void invalid(String runId, int iteration, int attempt, String prompt, String reply, String error) {
		JsonObject line = line("invalid", runId);
		line.addProperty("iteration", iteration);
		line.addProperty("attempt", attempt);
		line.addProperty("prompt", prompt);
		line.addProperty("reply", reply);
		line.addProperty("error", error);
		append(line);
	}

	/** An accept or stop. */
	void decision(String runId, String action, String prompt, String reply, String reasoning) {
		JsonObject line = line("decision", runId);
		line.addProperty("action", action);
		line.addProperty("prompt", prompt);
		line.addProperty("reply", reply);
		line.addProperty("reasoning", reasoning);
		append(line);
	}

	/** An evaluated iteration; for a sweep, the best cell plus every cell's objective. */
	void iteration(String runId, IterationRecord r, String prompt, String reply, boolean improved,
			List<IterationRecord> sweepCells) {
		JsonObject line = line("iteration", runId);
		line.addProperty("iteration", r.iteration());
		line.addProperty("action", r.action());
		line.addProperty("prompt", prompt);
		line.addProperty("reply", reply);
		line.addProperty("reasoning", r.reasoning());
		line.add("parameters", numbers(r.parameters()));
		line.add("metrics", numbers(r.metrics()));
		line.add("objective", number(r.objectiveValue()));
		line.addProperty("improved", improved);
		if (r.error() != null) {
			line.addProperty("error", r.error());
		}
		if (sweepCells != null) {
			JsonArray cells = new JsonArray();
			for (IterationRecord c : sweepCells) {
				JsonObject cell = new JsonObject();
				cell.add("parameters", numbers(c.parameters()));
				cell.add("objective", number(c.objectiveValue()));
				cells.add(cell);
			}
			line.add("sweep", cells);
		}
		append(line);
	}

	/** The last line: how the run ended; a halted run keeps the part of the reply that had streamed. */
	void end(String runId, String state, String reason, int iterations, IterationRecord best, String partialReply) {
		JsonObject line = line("end", runId);
		line.addProperty("state", state);
		line.addProperty("reason", reason);
		line.addProperty("iterations", iterations);
		if (best != null) {
			line.addProperty("bestIteration", best.iteration());
			line.add("bestParameters", numbers(best.parameters()));
			line.add("bestObjective", number(best.objectiveValue()));
		}
		if (!partialReply.isEmpty()) {
			line.addProperty("partialReply", partialReply);
		}
		append(line);
	}

	@Override
	public synchronized void close() throws IOException {
		writer.close();
	}

	private static JsonElement number(double value) {
		return Double.isNaN(value) || Double.isInfinite(value) ? JsonNull.INSTANCE : new JsonPrimitive(value);
	}

	private static JsonObject numbers(Map<String, ? extends Number> values) {
		JsonObject o = new JsonObject();
		values.forEach((k, v) -> o.add(k, v instanceof Long || v instanceof Integer ? new JsonPrimitive(v)
				: number(v.doubleValue())));
		return o;
	}
}
