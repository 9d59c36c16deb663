package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.backstop.llm.OllamaClient;
import io.backstop.app.model.Session;
import io.backstop.data.SampleData;

/**
 * LLM optimisation from the Run view against a real HTTP server on loopback that answers
 * like Ollama: the URL and model come from the preferences, the evaluated iterations land in
 * the Results view.
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
			return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
		return "{\"action\":\"continue\",\"parameters\":{\"bb_period\":" + period + ",\"bb_std\":2,\"entry_z\":" + entryZ
				+ ",\"k_sl\":2,\"leverage\":1},\"reasoning\":\"try period " + period + "\"}";
	}

	@Test
	void optimisationUsesThePreferredOllamaAndModelAndPutsItsIterationsIntoResults() throws Exception {
		try (PartHarness ui = new PartHarness();
				LoopbackOllama ollama = new LoopbackOllama(proposal(20, 2.0), proposal(30, 1.5),
						"{\"action\":\"accept\",\"reasoning\":\"period 30 is better\"}")) {
			for (org.osgi.framework.Bundle bundle : ui.bundleContext.getBundles()) {
				if ("org.apache.felix.configadmin".equals(bundle.getSymbolicName())) {
					bundle.start();
				}
			}
			org.osgi.util.tracker.ServiceTracker<ConfigurationAdmin, ConfigurationAdmin> admin = new org.osgi.util.tracker.ServiceTracker<>(
					ui.bundleContext, ConfigurationAdmin.class, null);
			admin.open();
			Configuration client = admin.waitForService(10_000).getConfiguration(OllamaClient.PID, "?");
			client.update(new java.util.Hashtable<>(java.util.Map.of("url", ollama.url(), "model", MODEL)));
			try {
				Session session = new Session();
				ui.context.set(Session.class, session);
				session.setSeries(SampleData.loadBtcusdt5m());
				RunPart run = ui.part(RunPart.class, "Run", 380, 700);
				ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 600);
				run.setMode(RunPart.Mode.LLM);
				run.setIterations(5);
				assertTrue(run.combinationsText().contains(MODEL) && run.combinationsText().contains(ollama.url()),
						run.combinationsText());
				assertNull(run.run(), "the agent runs as its own Job");
				assertTrue(run.statusText().startsWith("Started: LLM optimisation"), run.statusText());

				int status = ResultsPart.columnIndex("Status");
				int parameters = ResultsPart.columnIndex("Parameters");
				ui.await(() -> results.rows().size() == 2, Duration.ofSeconds(30), "the two evaluated iterations");
				assertEquals(List.of("accepted", "accepted"), results.rows().stream().map(r -> r[status]).toList());
				assertTrue(results.rows().get(0)[parameters].startsWith("bb_period=20"), results.rows().get(0)[parameters]);
				assertTrue(results.rows().get(1)[parameters].startsWith("bb_period=30"), results.rows().get(1)[parameters]);
				ui.await(() -> run.statusText().startsWith("LLM optimisation accepted"), Duration.ofSeconds(5),
						"the Run view's report");
				assertEquals(3, ollama.chatBodies.size(), "one chat per turn");
				assertTrue(ollama.chatBodies.get(0).contains("\"model\":\"" + MODEL + "\""), ollama.chatBodies.get(0));
			} finally {
				client.delete();
				admin.close();
			}
		}
	}
}
