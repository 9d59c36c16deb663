package io.backstop.builder.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.reflect.TypeToken;

import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildRequest;
import io.backstop.builder.IterationOutcome;
import io.backstop.builder.SessionState;
import io.backstop.run.RunObjective;

/**
 * A session's folder: {@code session.json} (the request, the data, the state and why it ended) and
 * one folder per iteration, {@code NN/}, with its prompts and replies ({@code propose.prompt.md},
 * {@code propose.reply.md}, {@code code.*}, {@code fix-1.*}, {@code analysis.*}), its source
 * ({@code CLASS.java}), {@code compile.log}, {@code runs.csv} and {@code result.json}. Every file is
 * replaced whole (written aside, then moved), so a stop never leaves half a file.
 */
final class SessionFiles {

	static final String SESSION = "session.json";
	static final String RESULT = "result.json";

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
			.create();

	/** What {@code session.json} holds. */
	record Saved(String id, BuildRequest request, String model, String dataName, SessionState state, String message) {
	}

	private SessionFiles() {
	}

	static Path iterationDirectory(Path session, int number) {
		return session.resolve(String.format("%02d", number));
	}

	static void write(Path file, String text) throws IOException {
		Files.createDirectories(file.getParent());
		Path aside = file.resolveSibling(file.getFileName() + ".tmp");
		Files.writeString(aside, text, StandardCharsets.UTF_8);
		Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

	static void append(Path file, String line) throws IOException {
		Files.createDirectories(file.getParent());
		Files.writeString(file, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
				java.nio.file.StandardOpenOption.APPEND);
	}

	static void writeSession(Path directory, Saved saved) throws IOException {
		JsonObject json = new JsonObject();
		json.addProperty("id", saved.id());
		json.addProperty("objective", saved.request().objective());
		json.addProperty("model", saved.model());
		json.addProperty("iterations", saved.request().iterations());
		json.addProperty("metric", saved.request().metric().metric());
		json.addProperty("maximise", saved.request().metric().maximise());
		json.addProperty("max_fixes", saved.request().maxFixes());
		json.addProperty("sweep_budget", saved.request().sweepBudget());
		json.addProperty("run_budget_ms", saved.request().runBudget().toMillis());
		json.addProperty("data", saved.dataName());
		json.addProperty("state", saved.state().name());
		json.addProperty("message", saved.message());
		write(directory.resolve(SESSION), GSON.toJson(json));
	}

	/** @throws IOException naming the file and field when it cannot be read */
	static Saved readSession(Path directory) throws IOException {
		Path file = directory.resolve(SESSION);
		try {
			JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
			RunObjective metric = new RunObjective(json.get("metric").getAsString(), json.get("maximise").getAsBoolean());
			BuildRequest request = new BuildRequest(json.get("objective").getAsString(),
					json.has("model") ? json.get("model").getAsString() : null, json.get("iterations").getAsInt(), metric,
					json.get("max_fixes").getAsInt(), json.get("sweep_budget").getAsInt(),
					Duration.ofMillis(json.get("run_budget_ms").getAsLong()));
			return new Saved(json.get("id").getAsString(), request, json.get("model").getAsString(),
					json.get("data").getAsString(), SessionState.valueOf(json.get("state").getAsString()),
					json.has("message") ? json.get("message").getAsString() : "");
		} catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
				| IllegalArgumentException e) {
			throw new IOException(file + ": not a builder session (" + e.getMessage() + ")", e);
		}
	}

	static void writeIteration(Path session, BuildIteration it) throws IOException {
		JsonObject json = new JsonObject();
		json.addProperty("number", it.number());
		json.addProperty("outcome", it.outcome().name());
		json.addProperty("idea", it.idea());
		json.addProperty("reason", it.reason());
		json.addProperty("class", it.className());
		json.addProperty("source", it.source() == null ? null : it.source().getFileName().toString());
		json.addProperty("fixes", it.fixes());
		json.add("figures", GSON.toJsonTree(it.figures()));
		json.add("parameters", GSON.toJsonTree(it.parameters()));
		json.addProperty("runs", it.runs());
		json.addProperty("score", it.score());
		json.addProperty("analysis", it.analysis());
		write(iterationDirectory(session, it.number()).resolve(RESULT), GSON.toJson(json));
	}

	/**
	 * The iterations that ended, in order, up to the first that has no result (a session halted in it
	 * left it unfinished) or was halted: those are run again when the session continues.
	 */
	static List<BuildIteration> readIterations(Path session) throws IOException {
		List<BuildIteration> iterations = new ArrayList<>();
		for (int n = 1;; n++) {
			Path file = iterationDirectory(session, n).resolve(RESULT);
			if (!Files.isRegularFile(file)) {
				return iterations;
			}
			BuildIteration it = readIteration(file);
			iterations.add(it);
			if (it.outcome() == IterationOutcome.HALTED) {
				return iterations;
			}
		}
	}

	private static BuildIteration readIteration(Path file) throws IOException {
		try {
			JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
			Map<String, Double> figures = GSON.fromJson(json.get("figures"), new TypeToken<LinkedHashMap<String, Double>>() {
			}.getType());
			Map<String, Double> parameters = GSON.fromJson(json.get("parameters"),
					new TypeToken<LinkedHashMap<String, Double>>() {
					}.getType());
			Path source = !json.has("source") || json.get("source").isJsonNull() ? null : file.resolveSibling(json.get("source").getAsString());
			return new BuildIteration(json.get("number").getAsInt(), IterationOutcome.valueOf(json.get("outcome").getAsString()),
					json.get("idea").getAsString(), json.get("reason").getAsString(), json.get("class").getAsString(), source,
					json.get("fixes").getAsInt(), figures, parameters, json.get("runs").getAsInt(),
					json.get("score").getAsDouble(), json.get("analysis").getAsString());
		} catch (JsonParseException | IllegalStateException | NullPointerException | UnsupportedOperationException
				| IllegalArgumentException e) {
			throw new IOException(file + ": not an iteration's result (" + e.getMessage() + ")", e);
		}
	}

	/** Moves an unfinished or halted iteration's folder aside ({@code NN-halted}, {@code NN-halted-2}), keeping it. */
	static void setAside(Path session, int number) throws IOException {
		Path directory = iterationDirectory(session, number);
		if (!Files.exists(directory)) {
			return;
		}
		Path aside = directory.resolveSibling(directory.getFileName() + "-halted");
		for (int k = 2; Files.exists(aside); k++) {
			aside = directory.resolveSibling(directory.getFileName() + "-halted-" + k);
		}
		Files.move(directory, aside);
	}

	/** The session folders under {@code root}, newest first. */
	static List<Path> sessions(Path root) throws IOException {
		if (!Files.isDirectory(root)) {
			return List.of();
		}
		try (Stream<Path> folders = Files.list(root)) {
			return folders.filter(f -> Files.isRegularFile(f.resolve(SESSION)))
					.sorted((a, b) -> b.getFileName().compareTo(a.getFileName())).toList();
		}
	}
}
