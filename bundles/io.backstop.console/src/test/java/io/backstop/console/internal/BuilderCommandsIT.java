package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.backstop.estop.api.EmergencyStop;
import io.backstop.run.RunService;
import io.backstop.strategies.workspace.StrategyWorkspace;

/**
 * {@code backstop:build} end to end, headless, over the real builder, workspace compiler and run
 * service, against a loopback server speaking Ollama's streaming chat whose model answers every
 * request to write a strategy with the workspace's template under the name it was asked for.
 */
class BuilderCommandsIT {

	private static final String OLLAMA_URL_PROPERTY = "backstop.ollama.url";
	private static final Pattern ASKED = Pattern.compile("Java class (\\S+) with the id");

	private final TestSession session = new TestSession();
	private HttpServer model;
	private BuilderCommands build;
	private StrategyWorkspace workspace;

	@BeforeEach
	void wire() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(BuilderCommandsIT.class).getBundleContext();
		BackstopCommandsIT.waitFor(context, EmergencyStop.class).reset();
		build = BackstopCommandsIT.waitFor(context, BuilderCommands.class);
		workspace = BackstopCommandsIT.waitFor(context, StrategyWorkspace.class);
		BackstopCommandsIT.waitFor(context, RunService.class).openSample();
		model = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		model.createContext("/api/chat", this::chat);
		model.start();
		System.setProperty(OLLAMA_URL_PROPERTY, "http://127.0.0.1:" + model.getAddress().getPort());
	}

	@AfterEach
	void cleanUp() {
		if (Files.exists(workspace.directory().resolve("ConsoleTrend.java"))) {
			workspace.remove("ConsoleTrend");
		}
		System.clearProperty(OLLAMA_URL_PROPERTY);
		model.stop(0);
	}

	/** Proposes, writes the template as the class asked for, analyses; one NDJSON chunk and the done line. */
	private void chat(HttpExchange ex) throws IOException {
		JsonArray messages = JsonParser.parseString(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
				.getAsJsonObject().getAsJsonArray("messages");
		String last = messages.get(messages.size() - 1).getAsJsonObject().get("content").getAsString();
		String reply;
		if (last.startsWith("Write")) {
			Matcher asked = ASKED.matcher(last);
			reply = asked.find() ? "```java\n" + workspace.template(asked.group(1)) + "```" : "no class named";
		} else if (last.startsWith("Propose")) {
			reply = "{\"idea\": \"moving-average crossover\"}";
		} else {
			reply = "{\"analysis\": \"whipsaws\", \"next\": \"a trend filter\"}";
		}
		JsonObject chunk = new JsonObject();
		JsonObject message = new JsonObject();
		message.addProperty("role", "assistant");
		message.addProperty("content", reply);
		chunk.add("message", message);
		chunk.addProperty("done", false);
		ex.getResponseHeaders().set("Content-Type", "application/x-ndjson");
		ex.sendResponseHeaders(200, 0);
		try (OutputStream out = ex.getResponseBody()) {
			out.write((chunk + "\n{\"done\": true, \"done_reason\": \"stop\", \"message\": {\"role\": \"assistant\", \"content\": \"\"}}\n")
					.getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void buildWaitListShowPromoteAndBadInput() {
		build.build(session, "a trend follower", "--iterations", "1", "--model", "scripted", "--wait");
		String built = session.take();
		assertTrue(built.startsWith("Started builder session "), built);
		String id = built.substring("Started builder session ".length(), built.indexOf(':'));
		assertTrue(built.contains("\n  iteration 1 of 1: "), "--wait prints the phases: " + built);
		assertTrue(built.contains("Builder session " + id + " (completed): a trend follower\n"), built);
		assertTrue(built.lines().anyMatch(l -> l.startsWith("01  tested ") && l.contains("moving-average crossover")),
				built);

		build.build(session, "list");
		List<String> listed = session.take().lines().toList();
		assertTrue(listed.get(0).startsWith("session "), listed.toString());
		assertTrue(listed.stream().anyMatch(l -> l.matches(id + " +completed +1 of 1 +01: sharpe \\S+ +a trend follower")), listed.toString());

		build.build(session, "show", id, "--source");
		String shown = session.take();
		assertTrue(shown.contains("Best: iteration 01 with "), shown);
		assertTrue(shown.contains("public final class Build_" + id.replace('-', '_') + "_01 extends RulesStrategy"), shown);

		build.build(session, "promote", id, "--name", "ConsoleTrend");
		List<String> promoted = session.take().lines().toList();
		assertEquals("Promoted to " + workspace.directory().resolve("ConsoleTrend.java")
				+ ": strategy console_trend; backstop:backtest console_trend runs it", promoted.get(0));
		assertTrue(promoted.get(1).matches("Defaults from the best tested combination: \\w+ [-\\d.]+ -> [-\\d.]+.*"
				+ "|Keeps the model's defaults: they were the best tested combination"), promoted.toString());
		assertEquals(2, promoted.size(), promoted.toString());

		build.build(session, "show", "nope");
		assertEquals("backstop:build: no builder session nope; backstop:build list shows them\nusage: "
				+ BuilderCommands.BUILD_USAGE + "\n", session.take());
		build.build(session);
		assertTrue(session.take().startsWith("backstop:build: no objective or subcommand given\n"));
		build.build(session, "continue", id);
		assertTrue(session.take().startsWith("backstop:build: builder session " + id + " has done its 1 iterations;"));
	}
}
