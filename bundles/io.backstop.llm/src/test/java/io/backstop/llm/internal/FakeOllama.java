package io.backstop.llm.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback that speaks the part of Ollama's protocol Backstop uses:
 * {@code /api/tags}, {@code /api/ps}, streaming {@code /api/chat} (NDJSON chunks with delays,
 * which loads the model as Ollama does), {@code /api/generate} with {@code keep_alive: 0}
 * (unloads it), plus errors, non-JSON bodies, dropped, slow and hung replies on demand.
 * <p>
 * Like Ollama, it answers {@code keep_alive: 0} at once and unloads asynchronously: the model
 * stays listed in {@code /api/ps} while a chat holds it (a chat the client aborted holds it
 * until the server notices, on its next write) and for {@link #unloadDelay} after that.
 */
public final class FakeOllama implements AutoCloseable {

	/** What the next chat reply does instead of streaming normally. */
	enum ChatMode {
		NORMAL,
		/** Streams the first chunk, then stops writing without closing (a hung generation). */
		HANG_AFTER_FIRST_CHUNK,
		/** Streams two chunks, then ends the body without a done chunk. */
		DROP_AFTER_TWO_CHUNKS,
		/** Streams a chunk, then an {"error": ...} line, as Ollama does when generation fails. */
		ERROR_IN_STREAM
	}

	private final HttpServer server;
	private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "fake-ollama");
		t.setDaemon(true);
		return t;
	});
	private final Map<String, Long> installed = new LinkedHashMap<>();
	private final Map<String, long[]> loaded = new LinkedHashMap<>();
	/** Models asked to unload, with when they were asked or last released by a chat (nanoTime). */
	private final Map<String, Long> unloadQueued = new HashMap<>();
	private final Map<String, Integer> chatsHolding = new HashMap<>();
	private final Set<String> neverUnloading = new HashSet<>();
	private volatile long unloadDelayMillis;
	private final Deque<String> scriptedReplies = new ArrayDeque<>();
	private final Map<String, String[]> nextFailure = new LinkedHashMap<>();
	private final List<JsonObject> chatRequests = new ArrayList<>();
	private final List<JsonObject> generateRequests = new ArrayList<>();
	private final AtomicInteger chatsInFlight = new AtomicInteger();
	private final AtomicLong lastDisconnectNanos = new AtomicLong();
	private final AtomicInteger disconnects = new AtomicInteger();
	private volatile Function<JsonObject, String> script;
	private volatile ChatMode chatMode = ChatMode.NORMAL;
	private volatile long chunkDelayMillis = 5;
	private volatile int chunksPerReply = 4;
	private volatile long hangMillis;
	private volatile boolean closed;

	public FakeOllama() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(executor);
		server.createContext("/api/tags", this::tags);
		server.createContext("/api/ps", this::ps);
		server.createContext("/api/chat", this::chat);
		server.createContext("/api/generate", this::generate);
		server.start();
	}

	public URI baseUri() {
		return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
	}

	public synchronized FakeOllama install(String model, long sizeBytes) {
		installed.put(model, sizeBytes);
		return this;
	}

	/** Loads a model as a previous chat would have: size in RAM and the part of it in VRAM. */
	public synchronized FakeOllama load(String model, long sizeBytes, long sizeVram) {
		installed.putIfAbsent(model, sizeBytes);
		loaded.put(model, new long[] { sizeBytes, sizeVram });
		return this;
	}

	public synchronized List<String> loadedModels() {
		unloadDue();
		return List.copyOf(loaded.keySet());
	}

	/** A model asked to unload stays listed this long after no chat holds it any more. */
	FakeOllama unloadDelay(long millis) {
		this.unloadDelayMillis = millis;
		return this;
	}

	/** This model answers {@code keep_alive: 0} with "unload" but stays loaded (a wedged runner). */
	synchronized FakeOllama neverUnload(String model) {
		neverUnloading.add(model);
		return this;
	}

	public synchronized FakeOllama reply(String... replies) {
		scriptedReplies.addAll(List.of(replies));
		return this;
	}

	/** Answers chats computed from the request body when no scripted reply is queued. */
	FakeOllama script(Function<JsonObject, String> function) {
		this.script = function;
		return this;
	}

	FakeOllama chatMode(ChatMode mode) {
		this.chatMode = mode;
		return this;
	}

	public FakeOllama streaming(int chunks, long delayMillis) {
		this.chunksPerReply = chunks;
		this.chunkDelayMillis = delayMillis;
		return this;
	}

	/** Every request waits this long before answering (a slow or, when long, hung server). */
	FakeOllama delayEveryReply(long millis) {
		this.hangMillis = millis;
		return this;
	}

	/** The next request to {@code path} gets this status, body and content type. */
	synchronized FakeOllama failNext(String path, int status, String contentType, String body) {
		nextFailure.put(path, new String[] { Integer.toString(status), contentType, body });
		return this;
	}

	public synchronized List<JsonObject> chatRequests() {
		return List.copyOf(chatRequests);
	}

	synchronized List<JsonObject> generateRequests() {
		return List.copyOf(generateRequests);
	}

	int chatsInFlight() {
		return chatsInFlight.get();
	}

	int disconnects() {
		return disconnects.get();
	}

	long lastDisconnectNanos() {
		return lastDisconnectNanos.get();
	}

	@Override
	public void close() {
		closed = true;
		server.stop(0);
		executor.shutdownNow();
	}

	private void tags(HttpExchange ex) throws IOException {
		if (prelude(ex, "GET")) {
			return;
		}
		JsonArray models = new JsonArray();
		synchronized (this) {
			installed.forEach((name, size) -> {
				JsonObject m = new JsonObject();
				m.addProperty("name", name);
				m.addProperty("model", name);
				m.addProperty("modified_at", "2025-05-01T10:00:00.000000000Z");
				m.addProperty("size", size);
				m.addProperty("digest", "sha256:" + Integer.toHexString(name.hashCode()));
				models.add(m);
			});
		}
		JsonObject body = new JsonObject();
		body.add("models", models);
		send(ex, 200, "application/json; charset=utf-8", body.toString());
	}

	private void ps(HttpExchange ex) throws IOException {
		if (prelude(ex, "GET")) {
			return;
		}
		JsonArray models = new JsonArray();
		synchronized (this) {
			unloadDue();
			loaded.forEach((name, sizes) -> {
				JsonObject m = new JsonObject();
				m.addProperty("name", name);
				m.addProperty("model", name);
				m.addProperty("size", sizes[0]);
				m.addProperty("digest", "sha256:" + Integer.toHexString(name.hashCode()));
				m.addProperty("expires_at", Instant.now().plusSeconds(300).toString());
				m.addProperty("size_vram", sizes[1]);
				models.add(m);
			});
		}
		JsonObject body = new JsonObject();
		body.add("models", models);
		send(ex, 200, "application/json; charset=utf-8", body.toString());
	}

	private void generate(HttpExchange ex) throws IOException {
		if (prelude(ex, "POST")) {
			return;
		}
		JsonObject request = JsonParser.parseString(readBody(ex)).getAsJsonObject();
		String model = request.has("model") ? request.get("model").getAsString() : "";
		synchronized (this) {
			generateRequests.add(request);
			if (!installed.containsKey(model)) {
				send(ex, 404, "application/json; charset=utf-8", error("model '" + model + "' not found"));
				return;
			}
		}
		boolean noPrompt = !request.has("prompt") || request.get("prompt").getAsString().isEmpty();
		boolean unload = request.has("keep_alive") && request.get("keep_alive").getAsDouble() == 0;
		JsonObject reply = new JsonObject();
		reply.addProperty("model", model);
		reply.addProperty("created_at", Instant.now().toString());
		reply.addProperty("response", "");
		reply.addProperty("done", true);
		synchronized (this) {
			if (unload && noPrompt) {
				if (loaded.containsKey(model)) {
					unloadQueued.put(model, System.nanoTime());
				}
				reply.addProperty("done_reason", "unload");
			} else {
				loaded.put(model, new long[] { installed.get(model), installed.get(model) });
				reply.addProperty("done_reason", "load");
			}
		}
		send(ex, 200, "application/json; charset=utf-8", reply.toString());
	}

	private void chat(HttpExchange ex) throws IOException {
		if (prelude(ex, "POST")) {
			return;
		}
		JsonObject request = JsonParser.parseString(readBody(ex)).getAsJsonObject();
		String model = request.has("model") ? request.get("model").getAsString() : "";
		String reply;
		synchronized (this) {
			chatRequests.add(request);
			if (!installed.containsKey(model)) {
				send(ex, 404, "application/json; charset=utf-8", error("model '" + model + "' not found, try pulling it first"));
				return;
			}
			// like Ollama, a chat loads the model and keeps it loaded afterwards
			loaded.putIfAbsent(model, new long[] { installed.get(model), installed.get(model) });
			unloadQueued.remove(model);
			reply = scriptedReplies.poll();
		}
		if (reply == null) {
			Function<JsonObject, String> s = script;
			reply = s == null ? "{}" : s.apply(request);
		}
		chatsInFlight.incrementAndGet();
		hold(model);
		ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
		try {
			ex.sendResponseHeaders(200, 0);
			OutputStream out = ex.getResponseBody();
			List<String> pieces = split(reply, chunksPerReply);
			ChatMode mode = chatMode;
			for (int i = 0; i < pieces.size(); i++) {
				if (i > 0) {
					sleep(chunkDelayMillis);
				}
				if (mode == ChatMode.ERROR_IN_STREAM && i == 1) {
					writeLine(out, error("model runner has unexpectedly stopped"));
					ex.close();
					return;
				}
				if (mode == ChatMode.DROP_AFTER_TWO_CHUNKS && i == 2) {
					ex.close();
					return;
				}
				writeLine(out, chunk(model, pieces.get(i), false));
				if (mode == ChatMode.HANG_AFTER_FIRST_CHUNK) {
					while (!closed) {
						sleep(20);
					}
					return;
				}
			}
			JsonObject done = chunk(model, "", true);
			done.addProperty("done_reason", "stop");
			done.addProperty("total_duration", 1234567);
			writeLine(out, done);
			out.close();
		} catch (IOException clientWentAway) {
			// Ollama stops generating when the client closes the connection; we record it
			lastDisconnectNanos.set(System.nanoTime());
			disconnects.incrementAndGet();
		} finally {
			chatsInFlight.decrementAndGet();
			release(model);
			ex.close();
		}
	}

	private synchronized void hold(String model) {
		chatsHolding.merge(model, 1, Integer::sum);
	}

	private synchronized void release(String model) {
		chatsHolding.merge(model, -1, Integer::sum);
		unloadQueued.computeIfPresent(model, (m, since) -> System.nanoTime());
	}

	/** Drops the queued models that no chat holds any more once the unload delay has passed. */
	private synchronized void unloadDue() {
		long now = System.nanoTime();
		unloadQueued.entrySet().removeIf(queued -> {
			String model = queued.getKey();
			boolean due = !neverUnloading.contains(model) && chatsHolding.getOrDefault(model, 0) <= 0
					&& now - queued.getValue() >= TimeUnit.MILLISECONDS.toNanos(unloadDelayMillis);
			if (due) {
				loaded.remove(model);
			}
			return due;
		});
	}

	/** Applies the on-demand failure or delay for this path; true when the request was answered. */
	private boolean prelude(HttpExchange ex, String method) throws IOException {
		if (hangMillis > 0) {
			sleep(hangMillis);
		}
		String[] failure;
		synchronized (this) {
			failure = nextFailure.remove(ex.getRequestURI().getPath());
		}
		if (failure != null) {
			readBody(ex);
			send(ex, Integer.parseInt(failure[0]), failure[1], failure[2]);
			return true;
		}
		if (!ex.getRequestMethod().equals(method)) {
			send(ex, 405, "text/plain", "405 method not allowed");
			return true;
		}
		return false;
	}

	private static JsonObject chunk(String model, String content, boolean done) {
		JsonObject chunk = new JsonObject();
		chunk.addProperty("model", model);
		chunk.addProperty("created_at", Instant.now().toString());
		JsonObject message = new JsonObject();
		message.addProperty("role", "assistant");
		message.addProperty("content", content);
		chunk.add("message", message);
		chunk.addProperty("done", done);
		return chunk;
	}

	private static List<String> split(String text, int parts) {
		List<String> pieces = new ArrayList<>();
		int size = Math.max(1, (text.length() + parts - 1) / parts);
		for (int i = 0; i < text.length(); i += size) {
			pieces.add(text.substring(i, Math.min(text.length(), i + size)));
		}
		if (pieces.isEmpty()) {
			pieces.add("");
		}
		return pieces;
	}

	private static void writeLine(OutputStream out, Object json) throws IOException {
		out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static String error(String message) {
		JsonObject error = new JsonObject();
		error.addProperty("error", message);
		return error.toString();
	}

	private static String readBody(HttpExchange ex) throws IOException {
		return new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
	}

	private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		ex.getResponseHeaders().set("Content-Type", contentType);
		ex.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = ex.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
