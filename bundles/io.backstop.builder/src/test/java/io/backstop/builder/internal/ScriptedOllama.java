package io.backstop.builder.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server on loopback speaking the part of Ollama's protocol the builder uses (streaming
 * {@code /api/chat} as NDJSON chunks, and {@code /api/tags}, {@code /api/ps}, {@code /api/generate}
 * for the stop's unload step), playing a scripted strategy-writing model: it answers each message by
 * its first word (Propose, Write, Fix, Analyse), writing the next queued strategy body into a class
 * named as the builder asked.
 */
final class ScriptedOllama implements AutoCloseable {

	/** A strategy body the model writes: {@code %CLASS%} and {@code %ID%} are filled from the builder's request. */
	static final String STRATEGY = """
			import java.util.List;

			import io.backstop.backtest.IndicatorLookup;
			import io.backstop.backtest.ParameterSpec;
			import io.backstop.backtest.Parameters;
			import io.backstop.backtest.RulesStrategy;
			import io.backstop.backtest.SignalRules;
			import io.backstop.backtest.Signals;
			import io.backstop.data.OhlcvSeries;
			import io.backstop.indicators.Indicators;

			public class EmaTrend extends RulesStrategy {

				public EmaTrend() {
					super("%ID%", "EMA trend", "Long when the fast EMA crosses above the slow one, short below.",
							List.of(ParameterSpec.ofInt("fast", %FAST%, 2, 200, 6, 24, 6, "fast EMA period"),
									ParameterSpec.ofInt("slow", 48, 10, 400, 30, 90, 30, "slow EMA period")));
				}

				@Override
				protected SignalRules rules(OhlcvSeries series, Parameters p, IndicatorLookup indicators) {
					double[] fast = indicators.column(Indicators.EMA, 0, p.getInt("fast"));
					double[] slow = indicators.column(Indicators.EMA, 0, p.getInt("slow"));
					int first = firstDefined(fast, slow) + 1;
					return new SignalRules() {
						@Override
						public int firstBar() {
							return first;
						}

						@Override
						public void signals(int from, int to, Signals out) {
							for (int i = from; i < to; i++) {
								%BODY%
								out.entry(i, cross(fast, slow, i));
							}
						}
					};
				}
			%EXTRA%}
			""";

	/** Compiles, trades. */
	static String good(int fast) {
		return STRATEGY.replace("%BODY%", "").replace("%FAST%", Integer.toString(fast)).replace("%EXTRA%", "");
	}

	/** A missing semicolon. */
	static String syntaxError() {
		return good(12).replace("out.entry(i, cross(fast, slow, i));", "out.entry(i, cross(fast, slow, i))");
	}

	/** Throws from its rules once past bar 500. */
	static String throwing() {
		return STRATEGY.replace("%BODY%", "if (i > 500) { throw new IllegalStateException(\"bar \" + i); }")
				.replace("%FAST%", "12").replace("%EXTRA%", "");
	}

	/** Where {@link #fileAccess()} would create a directory. */
	static final String FORBIDDEN_DIRECTORY = System.getProperty("java.io.tmpdir") + "/strategy-was-here";

	/** Creates a directory: refused by the sandbox. */
	static String fileAccess() {
		return STRATEGY.replace("%BODY%", "new java.io.File(\"" + FORBIDDEN_DIRECTORY + "\").mkdirs();")
				.replace("%FAST%", "12").replace("%EXTRA%", "");
	}

	/** A loop that never returns. */
	static String spinning() {
		return STRATEGY.replace("%BODY%", "while (fast.length > 0) { i = i + 0; }").replace("%FAST%", "12")
				.replace("%EXTRA%", "");
	}

	/** Compiles and trades, with hundreds of methods: javac takes a while over it. */
	static String bulky() {
		StringBuilder extra = new StringBuilder();
		for (int k = 0; k < 600; k++) {
			extra.append("\tprivate static double weight").append(k).append("(double[] x, int i) { double s = 0; for (int j = 0; j < ")
					.append(k % 7 + 1).append("; j++) { s += Math.abs(x[Math.max(0, i - j)]) * ").append(k)
					.append(".5; } return s; }\n");
		}
		return STRATEGY.replace("%BODY%", "").replace("%FAST%", "12").replace("%EXTRA%", extra.toString());
	}

	private static final Pattern ASKED = Pattern.compile("Java class (\\S+) with the id \"([^\"]+)\"");

	private final HttpServer server;
	private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
		Thread t = new Thread(r, "scripted-ollama");
		t.setDaemon(true);
		return t;
	});
	private final Deque<String> code = new ArrayDeque<>();
	private final List<String> userMessages = new ArrayList<>();
	private final AtomicInteger proposals = new AtomicInteger();
	private final AtomicInteger chatsInFlight = new AtomicInteger();
	private final AtomicInteger disconnects = new AtomicInteger();
	private volatile int slowProposals;

	ScriptedOllama() throws IOException {
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(threads);
		server.createContext("/api/chat", this::chat);
		server.createContext("/api/tags", ex -> send(ex, "{\"models\":[{\"name\":\"scripted\",\"model\":\"scripted\",\"size\":1}]}"));
		server.createContext("/api/ps", ex -> send(ex, "{\"models\":[]}"));
		server.createContext("/api/generate", ex -> send(ex, "{\"model\":\"scripted\",\"response\":\"\",\"done\":true,\"done_reason\":\"unload\"}"));
		server.start();
	}

	String baseUri() {
		return "http://127.0.0.1:" + server.getAddress().getPort();
	}

	/** The sources the model writes, in order, for Write and Fix messages alike. */
	synchronized ScriptedOllama writes(String... sources) {
		code.addAll(List.of(sources));
		return this;
	}

	/** The next {@code count} proposals stream one small chunk every 200 ms, for several seconds. */
	ScriptedOllama slowProposals(int count) {
		slowProposals = count;
		return this;
	}

	synchronized List<String> userMessages() {
		return List.copyOf(userMessages);
	}

	int chatsInFlight() {
		return chatsInFlight.get();
	}

	/** Replies the client closed before they were complete. */
	int disconnects() {
		return disconnects.get();
	}

	private void chat(HttpExchange ex) throws IOException {
		JsonObject request = JsonParser.parseString(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
				.getAsJsonObject();
		JsonArray messages = request.getAsJsonArray("messages");
		String last = messages.get(messages.size() - 1).getAsJsonObject().get("content").getAsString();
		String reply;
		boolean slow = false;
		synchronized (this) {
			userMessages.add(last);
			if (last.startsWith("Propose")) {
				int n = proposals.incrementAndGet();
				reply = "{\"idea\": \"EMA trend, take " + n + "\", \"indicators\": [\"ema\"], \"rules\": \"cross\","
						+ " \"parameters\": [{\"name\": \"fast\", \"default\": 12, \"min\": 2, \"max\": 200}]}";
				if (slowProposals > 0) {
					slowProposals--;
					slow = true;
				}
			} else if (last.startsWith("Write") || last.startsWith("Fix")) {
				Matcher asked = null;
				for (int m = 0; m < messages.size() && asked == null; m++) {
					Matcher found = ASKED.matcher(messages.get(m).getAsJsonObject().get("content").getAsString());
					asked = found.find() ? found : null;
				}
				if (asked == null) {
					throw new IllegalStateException("the builder named no class: " + messages);
				}
				String next = code.poll();
				if (next == null) {
					throw new IllegalStateException("the script has no more sources");
				}
				reply = "Here is the class:\n```java\n" + next.replace("%ID%", asked.group(2)) + "```\n";
			} else {
				reply = "{\"analysis\": \"trades the trend, loses in chop\", \"next\": \"add an ADX filter\"}";
			}
		}
		chatsInFlight.incrementAndGet();
		ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
		try (ex) {
			ex.sendResponseHeaders(200, 0);
			OutputStream out = ex.getResponseBody();
			int size = slow ? 4 : Math.max(1, reply.length() / 3);
			for (int i = 0; i < reply.length(); i += size) {
				if (slow) {
					Thread.sleep(200);
				}
				writeLine(out, chunk(reply.substring(i, Math.min(reply.length(), i + size)), false));
			}
			JsonObject done = chunk("", true);
			done.addProperty("done_reason", "stop");
			writeLine(out, done);
		} catch (IOException clientWentAway) {
			disconnects.incrementAndGet();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		} finally {
			chatsInFlight.decrementAndGet();
		}
	}

	private static JsonObject chunk(String content, boolean done) {
		JsonObject chunk = new JsonObject();
		chunk.addProperty("model", "scripted");
		chunk.addProperty("created_at", Instant.now().toString());
		JsonObject message = new JsonObject();
		message.addProperty("role", "assistant");
		message.addProperty("content", content);
		chunk.add("message", message);
		chunk.addProperty("done", done);
		return chunk;
	}

	private static void writeLine(OutputStream out, JsonObject json) throws IOException {
		out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private static void send(HttpExchange ex, String body) throws IOException {
		ex.getRequestBody().readAllBytes();
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		ex.getResponseHeaders().set("Content-Type", "application/json");
		ex.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = ex.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		server.stop(0);
		threads.shutdownNow();
	}
}
