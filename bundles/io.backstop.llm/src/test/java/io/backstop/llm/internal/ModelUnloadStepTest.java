package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;

class ModelUnloadStepTest {

	private static final long GB = 1024L * 1024 * 1024;
	private FakeOllama ollama;

	@BeforeEach
	void start() throws Exception {
		ollama = new FakeOllama();
	}

	@AfterEach
	void stop() {
		ollama.close();
	}

	private StepResult runStep(URI base) throws InterruptedException {
		return ModelUnloadStep.unload(
				new OllamaSettings(base, ModelUnloadStep.CONNECT_TIMEOUT, ModelUnloadStep.CALL_TIMEOUT),
				StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(3), line -> { }));
	}

	@Test
	void unloadsEveryModelAndReportsTheVramTheyHeld() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).load("qwen2.5:7b", 5 * GB, 4 * GB);
		StepResult result = runStep(ollama.baseUri());

		assertEquals(StepStatus.CLEANED, result.status(), result.detail());
		assertEquals(6 * GB, result.bytesReleased());
		assertEquals(List.of("Ollama model llama3.2:latest", "Ollama model qwen2.5:7b"), result.componentsCleaned());
		assertEquals(2L, result.counters().get("models.unloaded"));
		assertTrue(ollama.loadedModels().isEmpty(), "/api/ps is empty");
		assertTrue(ollama.generateRequests().stream().allMatch(r -> r.get("keep_alive").getAsInt() == 0));
		System.out.println("unload step: " + result.detail());
	}

	@Test
	void nothingLoadedIsSkipped() throws Exception {
		StepResult result = runStep(ollama.baseUri());
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(result.detail().contains("no model loaded"), result.detail());
	}

	@Test
	void ollamaDownIsSkippedQuickly() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		long t0 = System.nanoTime();
		StepResult result = runStep(URI.create("http://127.0.0.1:" + port));
		double ms = (System.nanoTime() - t0) / 1e6;
		System.out.printf("unload step with Ollama down: %s in %.1f ms (%s)%n", result.status(), ms, result.detail());
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(result.detail().contains("not reachable"), result.detail());
		assertTrue(ms < 500, ms + " ms");
	}

	@Test
	void hungOllamaIsSkippedWithinTheCallTimeout() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).delayEveryReply(10_000);
		long t0 = System.nanoTime();
		StepResult result = runStep(ollama.baseUri());
		double ms = (System.nanoTime() - t0) / 1e6;
		System.out.printf("unload step with Ollama hung: %s in %.1f ms%n", result.status(), ms);
		assertEquals(StepStatus.SKIPPED, result.status(), result.detail());
		assertTrue(ms < 2000, ms + " ms");
	}

	@Test
	void aModelThatWillNotUnloadIsReported() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).load("qwen2.5:7b", 5 * GB, 4 * GB);
		ollama.failNext("/api/generate", 500, "application/json", "{\"error\":\"runner busy\"}");
		StepResult result = runStep(ollama.baseUri());
		assertEquals(StepStatus.FAILED, result.status());
		assertEquals(4 * GB, result.bytesReleased(), "the model that did unload still counts");
		assertTrue(result.error().contains("llama3.2:latest") && result.error().contains("runner busy"), result.error());
		assertEquals(List.of("llama3.2:latest"), ollama.loadedModels());
	}

	@Test
	void tightDeadlineBoundsTheTimeouts() throws Exception {
		ollama.load("llama3.2:latest", 3 * GB, 2 * GB).delayEveryReply(10_000);
		long t0 = System.nanoTime();
		StepResult result = ModelUnloadStep.unload(new OllamaSettings(ollama.baseUri(), ModelUnloadStep.CONNECT_TIMEOUT,
				ModelUnloadStep.CALL_TIMEOUT), StopContext.of(StopRequest.of("test", "test"), Duration.ofMillis(400), line -> { }));
		double ms = (System.nanoTime() - t0) / 1e6;
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(ms < 400, ms + " ms");
	}
}
