package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.AgentState;
import io.backstop.llm.Evaluator;
import io.backstop.llm.Objective;
import io.backstop.llm.ParameterSpec;

class AgentLoopTest {

	static final String MODEL = "llama3.2:latest";
	static final List<ParameterSpec> PARAMS = List.of(ParameterSpec.integer("fast", 2, 50),
			ParameterSpec.integer("slow", 10, 200));

	/** A smooth objective with its peak at fast=12, slow=60, standing in for a backtest. */
	static final Evaluator PEAKED = (p, cancelled) -> {
		double fast = p.get("fast").doubleValue();
		double slow = p.get("slow").doubleValue();
		double sharpe = 2.0 - Math.pow(fast - 12, 2) / 50 - Math.pow(slow - 60, 2) / 800;
		return Map.of("sharpe", sharpe, "trades", 100.0 - fast);
	};

	@TempDir
	Path workspace;
	private FakeOllama ollama;
	private HttpOllamaClient client;

	@BeforeEach
	void start() throws Exception {
		ollama = new FakeOllama().install(MODEL, 2_000_000_000L);
		client = new HttpOllamaClient(new OllamaSettings(ollama.baseUri(), Duration.ofMillis(500), Duration.ofSeconds(2)));
	}

	@AfterEach
	void stop() {
		client.close();
		ollama.close();
	}

	private AgentLoop agent(int maxIterations, Evaluator evaluator) {
		AgentSpec spec = new AgentSpec("sma-cross", "BTCUSDT 5m", PARAMS, Objective.maximize("sharpe"), maxIterations,
				MODEL, 2, 9);
		return new AgentLoop("run-1", spec, evaluator, client, workspace.resolve("llm-runs/run-1.jsonl"), null);
	}

	static String cont(int fast, int slow) {
		return "{\"action\":\"continue\",\"parameters\":{\"fast\":" + fast + ",\"slow\":" + slow
				+ "},\"reasoning\":\"try " + fast + "/" + slow + "\"}";
	}

	List<JsonObject> logLines(Path file) throws Exception {
		return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(l -> JsonParser.parseString(l).getAsJsonObject())
				.toList();
	}

	@Test
	void fullRunImprovesTheObjectiveAndRecordsEveryIteration() throws Exception {
		ollama.reply(cont(5, 30), cont(10, 50),
				"```json\n{\"action\":\"sweep\",\"ranges\":{\"fast\":{\"min\":10,\"max\":14},\"slow\":[55,65]},\"reasoning\":\"narrow\"}\n```",
				"{\"action\":\"accept\",\"reasoning\":\"good enough\"}");
		AgentLoop agent = agent(10, PEAKED);
		AgentResult result = agent.run();

		assertEquals(AgentState.ACCEPTED, result.state(), result.reason());
		assertEquals(3, result.iterations());
		double first = agent.iterations().get(0).objectiveValue();
		assertTrue(result.best().objectiveValue() > first, "improved from " + first + " to " + result.best());
		assertEquals(12L, result.best().parameters().get("fast"));
		assertEquals(60L, result.best().parameters().get("slow"));

		// the history is fed back: the fourth prompt lists the three evaluations and the sweep
		String lastPrompt = ollama.chatRequests().get(3).getAsJsonArray("messages").get(1).getAsJsonObject()
				.get("content").getAsString();
		assertTrue(lastPrompt.contains("#1 continue {fast=5, slow=30}") && lastPrompt.contains("#3 sweep"), lastPrompt);
		assertTrue(lastPrompt.contains("The sweep evaluated 9 points"), lastPrompt);

		List<JsonObject> log = logLines(result.logFile());
		assertEquals(List.of("start", "iteration", "iteration", "iteration", "decision", "end"),
				log.stream().map(l -> l.get("type").getAsString()).toList());
		JsonObject second = log.get(2);
		assertEquals(cont(10, 50), second.get("reply").getAsString());
		assertTrue(second.get("prompt").getAsString().contains("#1"));
		assertEquals(10, second.getAsJsonObject("parameters").get("fast").getAsInt());
		assertTrue(second.getAsJsonObject("metrics").has("sharpe"));
		assertEquals(9, log.get(3).getAsJsonArray("sweep").size());
		assertEquals("ACCEPTED", log.get(5).get("state").getAsString());
	}

	@Test
	void invalidRepliesAreAnsweredWithTheErrorAndRetried() throws Exception {
		ollama.reply("I would try fast ten.", cont(500, 50), "{\"action\":\"continue\",\"parameters\":{\"fast\":10}}",
				cont(10, 50), "{\"action\":\"stop\",\"reasoning\":\"enough\"}");
		AgentLoop agent = new AgentLoop("run-2",
				new AgentSpec("sma-cross", "BTCUSDT 5m", PARAMS, Objective.maximize("sharpe"), 5, MODEL, 3, 9), PEAKED,
				client, workspace.resolve("run-2.jsonl"), null);
		AgentResult result = agent.run();

		assertEquals(AgentState.STOPPED_BY_MODEL, result.state(), result.reason());
		assertEquals(1, result.iterations());
		var retry = ollama.chatRequests().get(2).getAsJsonArray("messages");
		assertEquals(6, retry.size(), "system, turn, then reply and correction for each invalid answer");
		String correction = retry.get(5).getAsJsonObject().get("content").getAsString();
		assertTrue(correction.contains("fast = 500 is outside its range [2, 50]"), correction);
		String missing = ollama.chatRequests().get(3).getAsJsonArray("messages").get(7).getAsJsonObject().get("content")
				.getAsString();
		assertTrue(missing.contains("missing parameters [slow]"), missing);
		List<JsonObject> log = logLines(result.logFile());
		assertEquals(3, log.stream().filter(l -> l.get("type").getAsString().equals("invalid")).count());
		assertTrue(log.get(1).get("error").getAsString().contains("no JSON object"));
	}

	@Test
	void tooManyInvalidRepliesFailTheRun() {
		ollama.reply("no", "still no", "nope");
		AgentResult result = agent(5, PEAKED).run();
		assertEquals(AgentState.FAILED, result.state());
		assertTrue(result.reason().contains("3 invalid replies in a row"), result.reason());
	}

	@Test
	void aRuinedRunIsNotTheBestThoughItsSharpeIsHigher() {
		// at the peak the equity is lost part way: a high Sharpe of returns on an equity that vanished
		Evaluator ruinedAtThePeak = (p, cancelled) -> {
			Map<String, Double> figures = new java.util.HashMap<>(PEAKED.evaluate(p, cancelled));
			figures.put("final_equity", p.get("fast").intValue() == 12 ? 0.0 : 10_500.0);
			return figures;
		};
		ollama.reply(cont(5, 30), cont(12, 60),
				"{\"action\":\"sweep\",\"ranges\":{\"fast\":[12,13],\"slow\":[59,60]},\"reasoning\":\"around\"}");
		AgentLoop agent = agent(3, ruinedAtThePeak);
		AgentResult result = agent.run();

		assertEquals(3, result.iterations(), result.state() + ": " + result.reason());
		assertEquals(Map.of("fast", 13L, "slow", 60L), result.best().parameters(),
				"the sweep's best survivor, not the ruined peak: " + result.best());
		assertTrue(agent.iterations().get(1).objectiveValue() > result.best().objectiveValue(),
				"the ruined peak had the higher Sharpe: " + agent.iterations().get(1));
	}

	@Test
	void budgetEndsTheRun() {
		ollama.reply(cont(5, 30), cont(6, 40), cont(7, 50));
		AgentResult result = agent(2, PEAKED).run();
		assertEquals(AgentState.BUDGET_EXHAUSTED, result.state());
		assertEquals(2, result.iterations());
		assertEquals(2, ollama.chatRequests().size());
	}

	@Test
	void evaluationErrorsAreFedBackAndTheRunGoesOn() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		Evaluator flaky = (p, c) -> {
			if (calls.getAndIncrement() == 0) {
				throw new IllegalStateException("not enough bars for slow=30");
			}
			return PEAKED.evaluate(p, c);
		};
		ollama.reply(cont(5, 30), cont(10, 50), "{\"action\":\"accept\"}");
		AgentResult result = agent(5, flaky).run();
		assertEquals(AgentState.ACCEPTED, result.state());
		assertEquals(2, result.best().iteration());
		String prompt = ollama.chatRequests().get(1).getAsJsonArray("messages").get(1).getAsJsonObject().get("content")
				.getAsString();
		assertTrue(prompt.contains("failed: not enough bars for slow=30"), prompt);
	}

	@Test
	void ollamaErrorFailsTheRunWithItsMessage() {
		AgentSpec spec = AgentSpec.of("sma-cross", "BTCUSDT 5m", PARAMS, Objective.maximize("sharpe"), 3, "missing:1b");
		AgentResult result = new AgentLoop("run-3", spec, PEAKED, client, workspace.resolve("run-3.jsonl"), null).run();
		assertEquals(AgentState.FAILED, result.state());
		assertTrue(result.reason().contains("HTTP 404") && result.reason().contains("missing:1b"), result.reason());
	}

	@Test
	void externalHaltIsSeenBetweenSteps() {
		AtomicBoolean raised = new AtomicBoolean();
		Evaluator raising = (p, c) -> {
			raised.set(true);
			return PEAKED.evaluate(p, c);
		};
		ollama.reply(cont(5, 30), cont(10, 50));
		AgentLoop agent = new AgentLoop("run-4", AgentSpec.of("sma-cross", "BTCUSDT 5m", PARAMS,
				Objective.maximize("sharpe"), 5, MODEL), raising, client, workspace.resolve("run-4.jsonl"), raised::get);
		AgentResult result = agent.run();
		assertEquals(AgentState.HALTED, result.state());
		assertEquals(1, result.iterations(), "the evaluation that was running completes and is recorded");
		assertEquals(1, ollama.chatRequests().size(), "no new request after the signal");
	}

	@Test
	void haltDuringAStreamingReplyAbortsTheRequestAndLeavesTheLogIntact() throws Exception {
		ollama.reply(cont(5, 30)).script(r -> "{\"action\":\"continue\",\"parameters\":{\"fast\":10,\"slow\":50},"
				+ "\"reasoning\":\"" + "a long explanation ".repeat(20) + "\"}");
		ollama.streaming(60, 20);
		AgentLoop agent = agent(5, PEAKED);
		CompletableFuture<AgentResult> running = CompletableFuture.supplyAsync(agent::run);
		// wait for the second request to be streaming
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while ((agent.iterations().isEmpty() || !agent.isWaitingForModel() || ollama.chatsInFlight() == 0)
				&& System.nanoTime() < until) {
			Thread.sleep(2);
		}
		Thread.sleep(100);
		assertTrue(agent.isWaitingForModel());
		long t0 = System.nanoTime();
		assertTrue(agent.halt("emergency stop"));
		AgentResult result = agent.result().get(5, TimeUnit.SECONDS);
		long haltedNanos = System.nanoTime() - t0;
		System.out.printf("agent halt during streaming: halted %.2f ms after halt()%n", haltedNanos / 1e6);
		assertEquals(result, running.get(1, TimeUnit.SECONDS));
		assertEquals(AgentState.HALTED, result.state());
		assertTrue(haltedNanos < TimeUnit.SECONDS.toNanos(1), haltedNanos / 1e6 + " ms");
		assertFalse(agent.isWaitingForModel());

		until = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (ollama.disconnects() == 0 && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		assertEquals(1, ollama.disconnects(), "Ollama saw the connection closed; requests " + ollama.chatRequests().size()
				+ ", in flight " + ollama.chatsInFlight() + ", partial '" + agent.progress() + "' "
				+ Files.readString(result.logFile()));
		System.out.printf("agent halt during streaming: server saw the disconnect %.2f ms after halt()%n",
				(ollama.lastDisconnectNanos() - t0) / 1e6);

		List<JsonObject> log = logLines(result.logFile());
		assertEquals(List.of("start", "iteration", "end"), log.stream().map(l -> l.get("type").getAsString()).toList());
		JsonObject end = log.get(2);
		assertEquals("HALTED", end.get("state").getAsString());
		assertNotNull(end.get("partialReply"));
		assertTrue(end.get("partialReply").getAsString().startsWith("{\"action\":\"continue\""));
		assertFalse(agent.halt("again"), "a finished run cannot be halted");
	}

	@Test
	void haltBeforeStartEndsTheRunWithoutRunningIt() {
		AgentLoop agent = agent(3, PEAKED);
		assertTrue(agent.halt("cancelled"));
		assertEquals(AgentState.HALTED, agent.result().join().state());
		assertEquals(AgentState.HALTED, agent.run().state());
		assertTrue(ollama.chatRequests().isEmpty());
	}
}
