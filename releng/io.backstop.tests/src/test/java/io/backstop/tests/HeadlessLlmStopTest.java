package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An LLM run started from the headless console, halted by {@code estop} while it waits for the
 * model: a stand-in for Ollama on loopback holds the chat request open and reports one model
 * loaded until it is asked to unload it.
 */
class HeadlessLlmStopTest {

	private static final Duration COMMAND = Duration.ofSeconds(30);

	@TempDir
	Path workspace;

	private HttpServer ollama;
	private ExecutorService threads;
	private final CountDownLatch chatAsked = new CountDownLatch(1);
	private final CountDownLatch release = new CountDownLatch(1);
	private final AtomicBoolean loaded = new AtomicBoolean(true);

	@BeforeEach
	void startOllama() throws IOException {
		ollama = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		threads = Executors.newCachedThreadPool();
		ollama.setExecutor(threads);
		ollama.createContext("/api/chat", exchange -> {
			exchange.getRequestBody().readAllBytes();
			chatAsked.countDown();
			try {
				release.await(60, TimeUnit.SECONDS); // the model "thinks" until the test ends
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			exchange.close();
		});
		ollama.createContext("/api/ps", exchange -> reply(exchange, loaded.get()
				? "{\"models\":[{\"name\":\"llama3.2\",\"model\":\"llama3.2\",\"size\":3000000000,\"size_vram\":2000000000}]}"
				: "{\"models\":[]}"));
		ollama.createContext("/api/generate", exchange -> {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			if (body.contains("\"keep_alive\":0")) {
				loaded.set(false);
			}
			reply(exchange, "{\"model\":\"llama3.2\",\"response\":\"\",\"done\":true,\"done_reason\":\"unload\"}");
		});
		ollama.start();
	}

	@AfterEach
	void stopOllama() {
		release.countDown();
		ollama.stop(0);
		threads.shutdownNow();
	}

	@Test
	void estopHaltsAnLlmRunWaitingForTheModelAndUnloadsTheModel() throws Exception {
		String url = "http://127.0.0.1:" + ollama.getAddress().getPort();
		try (RunningProduct product = RunningProduct.startHeadless("headless-llm-estop", workspace,
				"-Dbackstop.ollama.url=" + url)) {
			product.awaitOutput(out -> out.contains(RunningProduct.PROMPT), Duration.ofSeconds(90), "the console prompt");
			assertTrue(product.run("backstop:load", COMMAND).startsWith("Loaded BTCUSDT_5m"));
			List<String> planned = ConsoleTables.rows(product.run("estop:list", COMMAND), "order", "step", "label",
					"bundle", "deadline").stream().map(row -> row.get(1)).toList();

			String started = product.run("backstop:llm sma_crossover --iterations 3 --every 0.2", COMMAND);
			Matcher run = Pattern.compile("LLM run (\\S+) started: maximise sharpe of sma_crossover on BTCUSDT_5m with llama3.2")
					.matcher(started);
			assertTrue(run.find(), started);
			String id = run.group(1);
			assertTrue(chatAsked.await(30, TimeUnit.SECONDS), "the agent asked the model");
			product.awaitOutput(out -> out.contains("llm " + id + ": RUNNING"), COMMAND, "a progress line of the run");
			String jobs = product.run("backstop:jobs", COMMAND);
			assertTrue(Pattern.compile("(?m)^" + Pattern.quote(id) + " +llm +sma_crossover +RUNNING ").matcher(jobs).find(), jobs);

			String report = product.run("estop", COMMAND);
			List<List<String>> rows = ConsoleTables.rows(report, "order", "step", "status", "duration", "released",
					"detail");
			assertEquals(planned, rows.stream().map(row -> row.get(1)).toList(), "every step, in order:\n" + report);
			List<String> agents = rows.stream().filter(row -> row.get(1).equals("llm.agents")).findFirst().orElseThrow();
			assertEquals("CLEANED", agents.get(2), report);
			List<String> models = rows.stream().filter(row -> row.get(1).equals("llm.models")).findFirst().orElseThrow();
			assertEquals("CLEANED", models.get(2), report);
			assertTrue(models.get(5).contains("llama3.2"), report);

			product.awaitOutput(out -> out.contains("llm " + id + ": STOPPED"), COMMAND, "the run's STOPPED line");
			assertEquals("Stop signal lowered: new work is accepted\n", product.run("estop:reset", COMMAND));
			String all = product.run("backstop:jobs --all", COMMAND);
			assertTrue(Pattern.compile("(?m)^" + Pattern.quote(id) + " +llm +sma_crossover +STOPPED ").matcher(all).find(), all);

			product.endInput();
			assertEquals(0, product.awaitExit(Duration.ofSeconds(60)), "exit status at the end of input");
			HeadlessProductTest.assertNoStackTrace(product.output());
		}
	}

	private static void reply(HttpExchange exchange, String json) throws IOException {
		exchange.getRequestBody().readAllBytes();
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}
}
