package io.backstop.llm.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatMessage;
import io.backstop.llm.ChatRequest;
import io.backstop.llm.InstalledModel;
import io.backstop.llm.LoadedModel;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;

/** {@link OllamaClient} on {@code java.net.http}. Usable without OSGi; close it to release its threads. */
public final class HttpOllamaClient implements OllamaClient, AutoCloseable {

	private static final Gson GSON = new Gson();

	private final OllamaSettings settings;
	private final Failures failures;
	private final HttpClient http;
	private final boolean ownsHttp;
	/** Bound on a whole non-streaming call, connection and body included. */
	private final Duration callBound;
	private final Set<StreamingChat> openChats = ConcurrentHashMap.newKeySet();

	public HttpOllamaClient(OllamaSettings settings) {
		this(settings, httpClientBuilder(settings.connectTimeout()).build(), true,
				settings.connectTimeout().plus(settings.readTimeout()));
	}

	/**
	 * A client on connections the caller owns (closing this client leaves them open), each
	 * non-streaming call bounded by {@code callBound} in all: for callers with a deadline.
	 */
	HttpOllamaClient(OllamaSettings settings, HttpClient shared, Duration callBound) {
		this(settings, shared, false, callBound);
	}

	private HttpOllamaClient(OllamaSettings settings, HttpClient http, boolean ownsHttp, Duration callBound) {
		this.settings = settings;
		this.failures = new Failures(settings);
		this.http = http;
		this.ownsHttp = ownsHttp;
		this.callBound = callBound;
	}

	/** HTTP/1.1 as Ollama speaks it: no h2c upgrade attempt on each new connection. */
	static HttpClient.Builder httpClientBuilder(Duration connectTimeout) {
		return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout);
	}

	public OllamaSettings settings() {
		return settings;
	}

	/** A bare client has no model setting: the {@link OllamaClientComponent}'s carries it. */
	@Override
	public String model() {
		return DEFAULT_MODEL;
	}

	@Override
	public URI baseUri() {
		return settings.baseUri();
	}

	@Override
	public List<InstalledModel> tags() throws OllamaException, InterruptedException {
		String what = "GET /api/tags";
		List<InstalledModel> models = new ArrayList<>();
		for (JsonObject m : modelArray(what, call(what, get("/api/tags")))) {
			models.add(new InstalledModel(Json.string(m, "name", Json.string(m, "model", "")), Json.number(m, "size", 0),
					Json.string(m, "modified_at", "")));
		}
		return models;
	}

	@Override
	public List<LoadedModel> ps() throws OllamaException, InterruptedException {
		String what = "GET /api/ps";
		List<LoadedModel> models = new ArrayList<>();
		for (JsonObject m : modelArray(what, call(what, get("/api/ps")))) {
			models.add(new LoadedModel(Json.string(m, "name", Json.string(m, "model", "")), Json.number(m, "size", 0),
					Json.number(m, "size_vram", 0), Json.string(m, "expires_at", "")));
		}
		return models;
	}

	@Override
	public String unload(String model) throws OllamaException, InterruptedException {
		String what = "POST /api/generate (unload " + model + ")";
		JsonObject body = new JsonObject();
		body.addProperty("model", model);
		body.addProperty("keep_alive", 0);
		body.addProperty("stream", false);
		JsonObject reply = call(what, post("/api/generate", body));
		return Json.string(reply, "done_reason", "");
	}

	@Override
	public ChatExchange chat(ChatRequest request, Consumer<String> onToken) {
		JsonObject body = new JsonObject();
		body.addProperty("model", request.model());
		JsonArray messages = new JsonArray();
		for (ChatMessage m : request.messages()) {
			JsonObject message = new JsonObject();
			message.addProperty("role", m.role());
			message.addProperty("content", m.content());
			messages.add(message);
		}
		body.add("messages", messages);
		body.addProperty("stream", true);
		if (request.jsonFormat()) {
			body.addProperty("format", "json");
		}
		if (!request.options().isEmpty()) {
			body.add("options", GSON.toJsonTree(request.options(), Map.class));
		}
		StreamingChat exchange = new StreamingChat(failures, settings.readTimeout(), onToken == null ? t -> {
		} : onToken);
		// no request timeout: the idle watchdog bounds the silence instead, since loading a
		// model before the first token can legitimately take long
		openChats.add(exchange);
		exchange.whenDone(() -> openChats.remove(exchange));
		exchange.start(httpClientBuilder(settings.connectTimeout()).build(), HttpRequest.newBuilder(resolve("/api/chat")).header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build());
		return exchange;
	}

	/** Aborts whatever is in flight and releases the client's threads. */
	@Override
	public void close() {
		openChats.forEach(chat -> chat.abort("the Ollama client was closed"));
		if (ownsHttp) {
			http.shutdownNow();
		}
	}

	private HttpRequest get(String path) {
		return HttpRequest.newBuilder(resolve(path)).timeout(settings.readTimeout()).header("Accept", "application/json")
				.GET().build();
	}

	private HttpRequest post(String path, JsonObject body) {
		return HttpRequest.newBuilder(resolve(path)).timeout(settings.readTimeout())
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
	}

	private URI resolve(String path) {
		String base = settings.baseUri().toString();
		return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
	}

	/**
	 * Sends a non-streaming request; the whole exchange, body included, is bounded by the call
	 * bound, because the request timeout alone stops counting at the headers.
	 */
	private JsonObject call(String what, HttpRequest request) throws OllamaException, InterruptedException {
		CompletableFuture<HttpResponse<String>> future = http.sendAsync(request,
				BodyHandlers.ofString(StandardCharsets.UTF_8));
		HttpResponse<String> response;
		try {
			response = future.get(callBound.toMillis(), TimeUnit.MILLISECONDS);
		} catch (InterruptedException e) {
			future.cancel(true);
			throw e;
		} catch (TimeoutException e) {
			future.cancel(true);
			throw failures.timeout(what, callBound, e);
		} catch (ExecutionException e) {
			throw failures.map(what, e);
		}
		if (response.statusCode() != 200) {
			throw failures.httpError(what, response.statusCode(), response.body());
		}
		JsonObject json = Json.parseObject(response.body());
		if (json == null) {
			throw failures.notJson(what, response.body());
		}
		if (json.has("error")) {
			throw failures.httpError(what, response.statusCode(), response.body());
		}
		return json;
	}

	private List<JsonObject> modelArray(String what, JsonObject reply) throws OllamaException {
		JsonElement models = reply.get("models");
		if (models == null || !models.isJsonArray()) {
			throw failures.badShape(what, "no \"models\" array in " + Json.snippet(reply.toString()));
		}
		List<JsonObject> list = new ArrayList<>();
		for (JsonElement m : models.getAsJsonArray()) {
			if (!m.isJsonObject()) {
				throw failures.badShape(what, "a \"models\" entry is not an object: " + m);
			}
			list.add(m.getAsJsonObject());
		}
		return list;
	}
}
