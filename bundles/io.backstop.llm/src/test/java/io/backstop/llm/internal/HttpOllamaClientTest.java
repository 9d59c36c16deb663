package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatMessage;
import io.backstop.llm.ChatReply;
import io.backstop.llm.ChatRequest;
import io.backstop.llm.LoadedModel;
import io.backstop.llm.OllamaException;
import io.backstop.llm.OllamaException.Kind;

class HttpOllamaClientTest {

	private FakeOllama ollama;
	private HttpOllamaClient client;

	@BeforeEach
	void start() throws IOException {
		ollama = new FakeOllama().install("llama3.2:latest", 2_019_393_189L).install("qwen2.5:7b", 4_683_087_332L);
		client = new HttpOllamaClient(
				new OllamaSettings(ollama.baseUri(), Duration.ofMillis(500), Duration.ofMillis(800)));
	}

	@AfterEach
	void stop() {
		client.close();
		ollama.close();
	}

	@Test
	void tagsListsInstalledModels() throws Exception {
		assertEquals(List.of("llama3.2:latest", "qwen2.5:7b"), client.tags().stream().map(m -> m.name()).toList());
		assertEquals(2_019_393_189L, client.tags().get(0).sizeBytes());
	}

	@Test
	void psReportsVramAndUnloadRemovesTheModel() throws Exception {
		ollama.load("llama3.2:latest", 3_000_000_000L, 2_500_000_000L);
		List<LoadedModel> loaded = client.ps();
		assertEquals(1, loaded.size());
		assertEquals(2_500_000_000L, loaded.get(0).sizeVramBytes());

		assertEquals("unload", client.unload("llama3.2:latest"));
		assertTrue(client.ps().isEmpty());
		assertEquals(0, ollama.generateRequests().get(0).get("keep_alive").getAsInt());
	}

	@Test
	void chatStreamsTokensAsTheyArrive() throws Exception {
		ollama.reply("{\"action\":\"continue\",\"parameters\":{\"fast\":10}}").streaming(5, 20);
		List<String> tokens = new CopyOnWriteArrayList<>();
		ChatExchange exchange = client.chat(new ChatRequest("llama3.2:latest",
				List.of(ChatMessage.system("be brief"), ChatMessage.user("next?")), true, java.util.Map.of("seed", 7)),
				tokens::add);
		ChatReply reply = exchange.await();

		assertEquals("{\"action\":\"continue\",\"parameters\":{\"fast\":10}}", reply.content());
		assertEquals("stop", reply.doneReason());
		assertEquals(5, tokens.size(), "one callback per streamed chunk");
		assertEquals(reply.content(), String.join("", tokens));
		var sent = ollama.chatRequests().get(0);
		assertTrue(sent.get("stream").getAsBoolean());
		assertEquals("json", sent.get("format").getAsString());
		assertEquals(2, sent.getAsJsonArray("messages").size());
		assertEquals(7, sent.getAsJsonObject("options").get("seed").getAsInt());
	}

	@Test
	void unknownModelIsAnHttpErrorWithOllamasMessage() {
		OllamaException e = assertThrows(OllamaException.class,
				() -> client.chat(ChatRequest.of("nope", List.of(ChatMessage.user("hi"))), null).await());
		assertEquals(Kind.HTTP_ERROR, e.kind());
		assertEquals(404, e.status());
		assertTrue(e.getMessage().contains("model 'nope' not found"), e.getMessage());

		OllamaException unload = assertThrows(OllamaException.class, () -> client.unload("nope"));
		assertEquals(404, unload.status(), unload.getMessage());
	}

	@Test
	void serverErrorWithPlainTextBodyIsReported() {
		ollama.failNext("/api/ps", 500, "text/plain", "Internal Server Error: runner crashed");
		OllamaException e = assertThrows(OllamaException.class, client::ps);
		assertEquals(Kind.HTTP_ERROR, e.kind());
		assertEquals(500, e.status());
		assertTrue(e.getMessage().contains("runner crashed"), e.getMessage());
	}

	@Test
	void nonJsonBodyIsABadResponse() {
		ollama.failNext("/api/ps", 200, "text/html", "<html><body>proxy login</body></html>");
		OllamaException e = assertThrows(OllamaException.class, client::ps);
		assertEquals(Kind.BAD_RESPONSE, e.kind());
		assertTrue(e.getMessage().contains("not a JSON object") && e.getMessage().contains("proxy login"),
				e.getMessage());

		ollama.failNext("/api/tags", 200, "application/json", "{\"something\":1}");
		assertEquals(Kind.BAD_RESPONSE, assertThrows(OllamaException.class, client::tags).kind());
	}

	@Test
	void droppedStreamIsReported() {
		ollama.reply("0123456789abcdef").chatMode(FakeOllama.ChatMode.DROP_AFTER_TWO_CHUNKS);
		OllamaException e = assertThrows(OllamaException.class,
				() -> client.chat(ChatRequest.of("llama3.2:latest", List.of(ChatMessage.user("hi"))), null).await());
		assertEquals(Kind.CONNECTION_DROPPED, e.kind());
		assertTrue(e.getMessage().contains("before the reply was complete"), e.getMessage());
	}

	@Test
	void errorLineInTheStreamIsReported() {
		ollama.reply("0123456789abcdef").chatMode(FakeOllama.ChatMode.ERROR_IN_STREAM);
		OllamaException e = assertThrows(OllamaException.class,
				() -> client.chat(ChatRequest.of("llama3.2:latest", List.of(ChatMessage.user("hi"))), null).await());
		assertEquals(Kind.HTTP_ERROR, e.kind());
		assertTrue(e.getMessage().contains("unexpectedly stopped"), e.getMessage());
	}

	@Test
	void slowReplyWithinTheReadTimeoutSucceeds() throws Exception {
		ollama.reply("{\"ok\":true}").streaming(4, 300).delayEveryReply(300);
		assertEquals("{\"ok\":true}",
				client.chat(ChatRequest.of("llama3.2:latest", List.of(ChatMessage.user("hi"))), null).await().content());
		assertEquals(0, client.ps().size() - 1, "the chat loaded the model");
	}

	@Test
	void hungStreamTimesOutOnSilence() {
		ollama.reply("0123456789abcdef").chatMode(FakeOllama.ChatMode.HANG_AFTER_FIRST_CHUNK);
		long t0 = System.nanoTime();
		OllamaException e = assertThrows(OllamaException.class,
				() -> client.chat(ChatRequest.of("llama3.2:latest", List.of(ChatMessage.user("hi"))), null).await());
		long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
		assertEquals(Kind.TIMEOUT, e.kind(), e.getMessage());
		assertTrue(ms >= 700 && ms < 3000, "timed out after " + ms + " ms");
	}

	@Test
	void hungNonStreamingCallTimesOut() {
		ollama.delayEveryReply(10_000);
		long t0 = System.nanoTime();
		OllamaException e = assertThrows(OllamaException.class, client::ps);
		long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
		assertEquals(Kind.TIMEOUT, e.kind(), e.getMessage());
		assertTrue(ms < 3000, "timed out after " + ms + " ms");
	}

	@Test
	void abortClosesTheConnectionAndWakesTheWaiter() throws Exception {
		ollama.reply("x".repeat(400)).streaming(40, 25);
		List<String> tokens = new CopyOnWriteArrayList<>();
		ChatExchange exchange = client.chat(ChatRequest.of("llama3.2:latest", List.of(ChatMessage.user("hi"))),
				tokens::add);
		while (tokens.size() < 3) {
			Thread.sleep(5);
		}
		Thread waiter = Thread.currentThread();
		long[] abortedAt = new long[1];
		Thread aborter = new Thread(() -> {
			try {
				Thread.sleep(30);
			} catch (InterruptedException e) {
				return;
			}
			abortedAt[0] = System.nanoTime();
			exchange.abort("test");
		});
		aborter.start();
		OllamaException e = assertThrows(OllamaException.class, exchange::await);
		long wokeAfter = System.nanoTime() - abortedAt[0];
		assertEquals(Kind.ABORTED, e.kind());
		assertTrue(waiter.isAlive());
		System.out.printf("chat abort: waiter woke %.2f ms after abort()%n", wokeAfter / 1e6);
		assertTrue(wokeAfter < TimeUnit.SECONDS.toNanos(1));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (ollama.disconnects() == 0 && System.nanoTime() < deadline) {
			Thread.sleep(5);
		}
		assertEquals(1, ollama.disconnects(), "the server saw the connection closed and stopped generating");
		System.out.printf("chat abort: server saw the disconnect %.2f ms after abort()%n",
				(ollama.lastDisconnectNanos() - abortedAt[0]) / 1e6);
		assertTrue(tokens.size() < 40, "generation stopped early");
	}

	@Test
	void unreachableServerFailsFast() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		try (HttpOllamaClient down = new HttpOllamaClient(new OllamaSettings(URI.create("http://127.0.0.1:" + port),
				Duration.ofMillis(300), Duration.ofMillis(300)))) {
			long t0 = System.nanoTime();
			OllamaException e = assertThrows(OllamaException.class, down::ps);
			long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
			assertEquals(Kind.UNREACHABLE, e.kind(), e.getMessage());
			assertTrue(e.getMessage().contains("not reachable"), e.getMessage());
			assertTrue(ms < 500, ms + " ms");
			OllamaException chat = assertThrows(OllamaException.class,
					() -> down.chat(ChatRequest.of("m", List.of(ChatMessage.user("hi"))), null).await());
			assertEquals(Kind.UNREACHABLE, chat.kind(), chat.getMessage());
		}
	}
}
