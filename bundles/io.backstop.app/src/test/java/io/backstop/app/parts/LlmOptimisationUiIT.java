package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import org.osgi.service.cm.Configuration;
import org.osgi.util.tracker.ServiceTracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.backstop.app.model.ResultsTable;
import io.backstop.llm.OllamaClient;
import io.backstop.run.RunKind;

/**
 * LLM optimisation from the Run view against a real HTTP server on loopback that answers
 * like Ollama: the view shows the server the agent talks to and offers the models it lists; the
 * evaluated iterations land in the Results view.
 */
class LlmOptimisationUiIT {

	private static final String MODEL = "test-model";

	/** Just enough of Ollama: tags, ps, and a streamed chat answering the scripted replies in turn. */
	static final class LoopbackOllama implements AutoCloseable {
		final HttpServer server;
		final Deque<String> replies = new ArrayDeque<>();
		final List<String> chatBodies = new CopyOnWriteArrayList<>();

		LoopbackOllama(String... scripted) throws IOException {
			replies.addAll(List.of(scripted));
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.createContext("/api/tags", ex -> send(ex, "{\"models\":[{\"name\":\"" + MODEL + "\",\"model\":\"" + MODEL
					+ "\",\"size\":1000,\"digest\":\"sha256:1\",\"modified_at\":\"2025-05-01T10:00:00Z\"}]}"));
			server.createContext("/api/ps", ex -> send(ex, "{\"models\":[]}"));
			server.createContext("/api/generate", ex -> send(ex, "{\"done\":true}"));
			server.createContext("/api/chat", this::chat);
			server.start();
		}

		String url() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		private void chat(HttpExchange ex) throws IOException {
			chatBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			String reply;
			synchronized (replies) {
				reply = replies.isEmpty() ? "{\"action\":\"accept\",\"reasoning\":\"done\"}" : replies.poll();
			}
			ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
			ex.sendResponseHeaders(200, 0);
			try (OutputStream out = ex.getResponseBody()) {
				out.write(("{\"model\":\"" + MODEL + "\",\"message\":{\"role\":\"assistant\",\"content\":"
						+ quote(reply) + "},\"done\":false}\n").getBytes(StandardCharsets.UTF_8));
				out.write(("{\"model\":\"" + MODEL + "\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
						+ "\"done\":true,\"done_reason\":\"stop\"}\n").getBytes(StandardCharsets.UTF_8));
			}
		}

		private static String quote(String text) {
			return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r")
					.replace("\t", "\\t") + "\"";
		}

		private static void send(HttpExchange ex, String json) throws IOException {
			byte[] body = json.getBytes(StandardCharsets.UTF_8);
			ex.getResponseHeaders().set("Content-Type", "application/json");
			ex.sendResponseHeaders(200, body.length);
			try (OutputStream out = ex.getResponseBody()) {
				out.write(body);
			}
		}

		@Override
		public void close() {
			server.stop(0);
		}
	}

	private static String proposal(int period, double entryZ) {
		return "{\"action\":\"continue\",\"parameters\":{\"bb_period\":" + period + ",\"entry_z\":" + entryZ
				+ ",\"k_sl\":2,\"leverage\":1},\"reasoning\":\"try period " + period + "\"}";
	}

	@Test
	void theRunViewShowsTheServerTheAgentUsesOffersItsModelsAndTheRunAsksTheOneChosen() throws Exception {
		try (PartHarness ui = new PartHarness();
				LoopbackOllama ollama = new LoopbackOllama(proposal(20, 2.0), proposal(30, 1.5),
						"{\"action\":\"accept\",\"reasoning\":\"period 30 is better\"}")) {
			Configuration server = useServer(ui, ollama.url());
			try {
				ui.runs.openSample();
				RunPart run = ui.part(RunPart.class, "Run", 380, 900);
				ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
				run.setKind(RunKind.LLM);
				run.setIterations(5);
				ui.await(() -> !run.llmModels().isEmpty() && !run.llmServerText().contains("asking"), Duration.ofSeconds(10),
						"the server's models");
				assertEquals("Ollama server: " + ollama.url(), run.llmServerText(), "the server the agent talks to");
				assertEquals(List.of(MODEL), run.llmModels(), "the models the server lists, not a default it lacks");
				assertTrue(run.llmNoticeText().contains("is not installed on " + ollama.url()), run.llmNoticeText());

				assertNotNull(run.run(), run.statusText());
				assertTrue(run.statusText().startsWith("Running: LLM"), run.statusText());
				int parameters = ResultsTable.index("Parameters");
				ui.await(() -> results.rows().size() == 2, Duration.ofSeconds(30), "the two evaluated iterations");
				assertTrue(results.rows().stream().anyMatch(r -> r[parameters].startsWith("bb_period=20")), "period 20");
				assertTrue(results.rows().stream().anyMatch(r -> r[parameters].startsWith("bb_period=30")), "period 30");
				ui.await(() -> run.statusText().contains("2 rows in Results"), Duration.ofSeconds(5), "the Run view's report");
				assertEquals(3, ollama.chatBodies.size(), "one chat per turn");
				assertTrue(ollama.chatBodies.get(0).contains("\"model\":\"" + MODEL + "\""), ollama.chatBodies.get(0));
			} finally {
				server.delete();
			}
		}
	}

	@Test
	void anUnreachableServerLeavesTheConfiguredModelWithOneLineSayingSo() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			String closed;
			try (LoopbackOllama gone = new LoopbackOllama()) {
				closed = gone.url();
			}
			Configuration server = useServer(ui, closed);
			try {
				RunPart run = ui.part(RunPart.class, "Run", 380, 900);
				run.setKind(RunKind.LLM);
				ui.await(() -> !run.llmNoticeText().isEmpty(), Duration.ofSeconds(20), "the notice");
				assertEquals("Ollama server: " + closed, run.llmServerText());
				assertEquals(1, run.llmModels().size(), "the configured model: " + run.llmModels());
				assertTrue(run.llmNoticeText().startsWith("Ollama at " + closed + " did not answer"), run.llmNoticeText());
				assertTrue(run.llmNoticeText().endsWith("the run will ask the configured model " + run.llmModels().get(0)),
						run.llmNoticeText());
			} finally {
				server.delete();
			}
		}
	}

	/** Configures the Ollama client to talk to {@code url}, as the preferences dialog does, and waits until it does. */
	static Configuration useServer(PartHarness ui, String url) throws Exception {
		ServiceTracker<OllamaClient, OllamaClient> client = new ServiceTracker<>(ui.bundleContext, OllamaClient.class, null);
		client.open();
		try {
			Configuration configuration = ui.configurationAdmin().getConfiguration(OllamaClient.PID, "?");
			configuration.update(new Hashtable<>(Map.of("url", url)));
			ui.await(() -> client.getService() != null && client.getService().baseUri().toString().equals(url),
					Duration.ofSeconds(10), "the Ollama client to use " + url);
			return configuration;
		} finally {
			client.close();
		}
	}
}
