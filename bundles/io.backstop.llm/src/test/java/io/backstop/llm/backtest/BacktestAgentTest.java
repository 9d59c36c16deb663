package io.backstop.llm.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.AgentState;
import io.backstop.llm.IterationRecord;
import io.backstop.llm.Objective;
import io.backstop.llm.ParameterSpec;
import io.backstop.llm.internal.AgentLoop;
import io.backstop.llm.internal.FakeOllama;
import io.backstop.llm.internal.HttpOllamaClient;
import io.backstop.llm.internal.OllamaSettings;

/** The agent driving the real engine on the BTCUSDT 5m sample, with a scripted model. */
class BacktestAgentTest {

	static final String MODEL = "qwen2.5:7b";
	private static OhlcvSeries sample;

	@TempDir
	Path workspace;
	private FakeOllama ollama;
	private HttpOllamaClient client;

	@BeforeAll
	static void load() throws Exception {
		sample = SampleData.loadBtcusdt5m();
	}

	@BeforeEach
	void start() throws Exception {
		ollama = new FakeOllama().install(MODEL, 4_700_000_000L);
		client = new HttpOllamaClient(new OllamaSettings(ollama.baseUri(), Duration.ofMillis(500), Duration.ofSeconds(5)));
	}

	@AfterEach
	void stop() {
		client.close();
		ollama.close();
	}

	static String params(int fast, int slow, double stop) {
		return "{\"fast_period\":" + fast + ",\"slow_period\":" + slow + ",\"stop_loss_pct\":" + stop + "}";
	}

	@Test
	void searchSpaceIsTheStrategysSweepRange() {
		BacktestEvaluator evaluator = BacktestEvaluator.of(new SmaCrossoverStrategy(), sample);
		assertEquals(List.of(ParameterSpec.integer("fast_period", 5, 50), ParameterSpec.integer("slow_period", 20, 200),
				ParameterSpec.decimal("stop_loss_pct", 0, 5)), evaluator.parameterSpecs());
	}

	@Test
	void fullAgentRunImprovesTheObjectiveOnTheSampleData() throws Exception {
		BacktestEvaluator evaluator = BacktestEvaluator.of(new SmaCrossoverStrategy(), sample);
		AgentSpec spec = evaluator.agentSpec(Objective.maximize("sharpe"), 6, MODEL);
		ollama.reply(
				"{\"action\":\"continue\",\"parameters\":" + params(5, 20, 0) + ",\"reasoning\":\"fast baseline\"}",
				// out of range: answered with the error, then corrected
				"{\"action\":\"continue\",\"parameters\":" + params(3, 20, 0) + ",\"reasoning\":\"faster\"}",
				"{\"action\":\"continue\",\"parameters\":" + params(20, 100, 0) + ",\"reasoning\":\"slower trend\"}",
				"not json at all",
				"{\"action\":\"sweep\",\"ranges\":{\"fast_period\":{\"min\":20,\"max\":50},\"slow_period\":{\"min\":100,\"max\":200}},"
						+ "\"reasoning\":\"slow side looks better; narrow there\"}",
				"{\"action\":\"continue\",\"parameters\":" + params(35, 150, 2) + ",\"reasoning\":\"add a stop\"}",
				"{\"action\":\"accept\",\"reasoning\":\"good enough\"}").streaming(6, 2);

		long t0 = System.nanoTime();
		AgentLoop agent = new AgentLoop("sample-run", spec, evaluator, client, workspace.resolve("sample-run.jsonl"), null);
		AgentResult result = agent.run();
		double seconds = (System.nanoTime() - t0) / 1e9;

		assertEquals(AgentState.ACCEPTED, result.state(), result.reason());
		assertEquals(4, result.iterations());
		List<IterationRecord> iterations = agent.iterations();
		double first = iterations.get(0).objectiveValue();
		double best = result.best().objectiveValue();
		System.out.printf("sample data run: sharpe %.3f at %s -> best %.3f at %s after %d iterations, %.2f s%n", first,
				iterations.get(0).parameters(), best, result.best().parameters(), result.iterations(), seconds);
		for (IterationRecord r : iterations) {
			System.out.printf("  #%d %s %s sharpe %.3f trades %.0f%n", r.iteration(), r.action(), r.parameters(),
					r.objectiveValue(), r.metrics().get("trade_count"));
		}
		assertTrue(best > first, "the objective improved: " + first + " -> " + best);
		assertTrue(result.best().metrics().get("trade_count") > 0);

		List<String> log = Files.readAllLines(result.logFile());
		assertEquals(2, log.stream().filter(l -> l.contains("\"type\":\"invalid\"")).count());
		assertEquals(4, log.stream().filter(l -> l.contains("\"type\":\"iteration\"")).count());
		assertTrue(log.get(log.size() - 1).contains("\"state\":\"ACCEPTED\""));
		String correction = ollama.chatRequests().get(2).getAsJsonArray("messages").get(3).getAsJsonObject()
				.get("content").getAsString();
		assertTrue(correction.contains("fast_period = 3 is outside its range [5, 50]"), correction);
	}

	@Test
	void haltCancelsTheBacktest() {
		BacktestEvaluator evaluator = BacktestEvaluator.of(new SmaCrossoverStrategy(), sample);
		assertThrows(CancellationException.class,
				() -> evaluator.evaluate(Map.of("fast_period", 10L, "slow_period", 30L), () -> true));
		Map<String, Double> metrics = evaluator.evaluate(Map.of("fast_period", 10L, "slow_period", 30L), () -> false);
		assertTrue(metrics.keySet().containsAll(List.of("sharpe", "total_return", "max_drawdown", "trade_count")));
	}
}
