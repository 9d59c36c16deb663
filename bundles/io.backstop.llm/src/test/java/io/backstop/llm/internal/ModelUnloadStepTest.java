package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatMessage;
import io.backstop.llm.ChatReply;
import io.backstop.llm.ChatRequest;

class ModelUnloadStepTest {

	private static final long GB = 1024L * 1024 * 1024;
	private FakeOllama ollama;
	private ModelUnloader unloader;

	@BeforeEach
	void start() throws Exception {
		ollama = new FakeOllama();
		unloader = new ModelUnloader();
	}

	@AfterEach
	void stop() {
		unloader.close();
		ollama.close();
	}

	private StepResult runStep(URI base, Duration deadline) throws InterruptedException {
		return unloader.unloadAll(base, StopContext.of(StopRequest.of("test", "test"), deadline, line -> { }));
	}

	private static long reportedUnloadMillis(StepResult result, String model) {
		Matcher m = Pattern.compile(Pattern.quote(model) + " unloaded in ([\\d,]+) ms").matcher(result.detail());
		assertTrue(m.find(), "the detail says how long " + model + " took: " + result.detail());
		return Long.parseLong(m.group(1).replace(",", ""));
	}

	private static URI unusedLoopbackPort() throws Exception {
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return URI.create("http://127.0.0.1:" + s.getLocalPort());
		}
	}

	@Test
	void unloadsEveryModelAndReportsTheVramTheyHeld() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).load("qwen2.5:7b", 5 * GB, 4 * GB);
		StepResult result = runStep(ollama.baseUri(), Duration.ofSeconds(5));

		assertEquals(StepStatus.CLEANED, result.status(), result.detail());
		assertEquals(6 * GB, result.bytesReleased());
		assertEquals(6 * GB, result.counters().get(ModelUnloader.VRAM_FREED_COUNTER));
		assertTrue(result.detail().contains("llama3.2:latest unloaded in") && result.detail().contains("(2.0 GB VRAM)")
				&& result.detail().contains("Ollama reported 6.0 GB VRAM freed"), result.detail());
		assertEquals(List.of("Ollama model llama3.2:latest", "Ollama model qwen2.5:7b"), result.componentsCleaned());
		assertEquals(2L, result.counters().get("models.unloaded"));
		assertTrue(ollama.loadedModels().isEmpty(), "/api/ps is empty");
		assertTrue(ollama.generateRequests().stream().allMatch(r -> r.get("keep_alive").getAsInt() == 0));
		System.out.println("unload step: " + result.detail());
	}

	@Test
	void waitsForALateUnloadAndReportsHowLongItTook() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).unloadDelay(400);
		long t0 = System.nanoTime();
		StepResult result = runStep(ollama.baseUri(), Duration.ofSeconds(5));
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
		System.out.println("late unload: " + result.detail());

		assertEquals(StepStatus.CLEANED, result.status(), result.detail());
		assertTrue(ollama.loadedModels().isEmpty(), "the step returned only once /api/ps no longer listed the model");
		long reported = reportedUnloadMillis(result, "llama3.2:latest");
		assertTrue(reported >= 400 && reported <= elapsedMs, reported + " ms reported, step took " + elapsedMs + " ms");
		assertEquals(2 * GB, result.counters().get(ModelUnloader.VRAM_FREED_COUNTER));
		assertEquals(1, ollama.generateRequests().size(), "one keep_alive 0 request, then polling");
	}

	@Test
	void aChatInFlightHoldsTheModelUntilItEnds() throws Exception {
		ollama.install("llama3.2:latest", 3 * GB).reply("{\"action\":\"stop\"}").streaming(40, 25);
		try (HttpOllamaClient client = new HttpOllamaClient(
				new OllamaSettings(ollama.baseUri(), Duration.ofSeconds(1), Duration.ofSeconds(5)))) {
			ChatExchange chat = client.chat(new ChatRequest("llama3.2:latest", List.of(ChatMessage.user("go")), false,
					java.util.Map.of()), token -> { });
			while (ollama.chatsInFlight() == 0) {
				Thread.sleep(2);
			}
			StepResult result = runStep(ollama.baseUri(), Duration.ofSeconds(5));
			System.out.println("unload held by a chat: " + result.detail());

			assertEquals(StepStatus.CLEANED, result.status(), result.detail());
			assertTrue(chat.isDone(), "the model went only once the chat holding it had ended");
			ChatReply reply = chat.await();
			assertEquals("stop", reply.doneReason());
			assertTrue(reportedUnloadMillis(result, "llama3.2:latest") >= 200, result.detail());
		}
	}

	@Test
	void aModelThatNeverLeavesIsReportedPartialBeforeTheDeadline() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).load("qwen2.5:7b", 5 * GB, 4 * GB).neverUnload("llama3.2:latest");
		long t0 = System.nanoTime();
		StepResult result = runStep(ollama.baseUri(), Duration.ofMillis(1500));
		long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
		System.out.printf("model that never leaves: %s after %d ms: %s%n", result.status(), elapsedMs, result.detail());

		assertEquals(StepStatus.PARTIAL, result.status(), result.detail());
		assertTrue(elapsedMs < 1500, "reported before the deadline, after " + elapsedMs + " ms");
		assertTrue(elapsedMs >= 1000, "waited for the model until near the deadline, returned after " + elapsedMs + " ms");
		assertTrue(result.error().contains("llama3.2:latest (still listed by /api/ps"), result.error());
		assertEquals(List.of("Ollama model qwen2.5:7b"), result.componentsCleaned());
		assertEquals(4 * GB, result.counters().get(ModelUnloader.VRAM_FREED_COUNTER));
		assertEquals(1L, result.counters().get("models.remaining"));
	}

	@Test
	void noModelLeavingIsAFailure() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).neverUnload("llama3.2:latest");
		StepResult result = runStep(ollama.baseUri(), Duration.ofMillis(600));
		assertEquals(StepStatus.FAILED, result.status(), result.detail());
		assertEquals(0L, result.counters().get(ModelUnloader.VRAM_FREED_COUNTER));
		assertTrue(result.error().contains("llama3.2:latest"), result.error());
	}

	@Test
	void aModelThatRefusesToUnloadIsReported() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).load("qwen2.5:7b", 5 * GB, 4 * GB);
		ollama.failNext("/api/generate", 500, "application/json", "{\"error\":\"runner busy\"}");
		StepResult result = runStep(ollama.baseUri(), Duration.ofSeconds(3));
		assertEquals(StepStatus.PARTIAL, result.status());
		assertEquals(4 * GB, result.bytesReleased(), "the model that did unload still counts");
		assertTrue(result.error().contains("llama3.2:latest") && result.error().contains("runner busy"), result.error());
		assertEquals(List.of("llama3.2:latest"), ollama.loadedModels());
	}

	@Test
	void nothingLoadedIsSkipped() throws Exception {
		StepResult result = runStep(ollama.baseUri(), Duration.ofSeconds(3));
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(result.detail().contains("no model loaded"), result.detail());
	}

	@Test
	void ollamaDownIsSkippedQuicklyOnceWarm() throws Exception {
		URI down = unusedLoopbackPort();
		unloader.warmUp(down);
		long t0 = System.nanoTime();
		StepResult result = runStep(down, Duration.ofSeconds(5));
		double ms = (System.nanoTime() - t0) / 1e6;
		System.out.printf("unload step with Ollama down, warm: %s in %.2f ms (%s)%n", result.status(), ms, result.detail());
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(result.detail().contains("not reachable"), result.detail());
		assertTrue(ms < 250, ms + " ms");
	}

	@Test
	void hungOllamaIsSkippedWithinTheCallTimeout() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).delayEveryReply(10_000);
		long t0 = System.nanoTime();
		StepResult result = runStep(ollama.baseUri(), Duration.ofSeconds(5));
		double ms = (System.nanoTime() - t0) / 1e6;
		System.out.printf("unload step with Ollama hung: %s in %.1f ms%n", result.status(), ms);
		assertEquals(StepStatus.SKIPPED, result.status(), result.detail());
		assertTrue(ms < 2000, ms + " ms");
	}

	@Test
	void tightDeadlineBoundsTheTimeouts() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).delayEveryReply(10_000);
		long t0 = System.nanoTime();
		StepResult result = runStep(ollama.baseUri(), Duration.ofMillis(400));
		double ms = (System.nanoTime() - t0) / 1e6;
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(ms < 400, ms + " ms");
	}
}
