package io.backstop.llm.internal;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatReply;
import io.backstop.llm.OllamaException;
import io.backstop.llm.OllamaException.Kind;

/**
 * One streaming {@code /api/chat} exchange. The body is consumed push-style, one NDJSON line
 * at a time, so no thread blocks on the socket. Each exchange has an HTTP client of its own:
 * cancelling a body subscription does not reliably close a reused keep-alive connection, but
 * shutting the client down does, and a closed connection is what makes Ollama stop
 * generating. Aborting also wakes {@link #await()} at once.
 */
final class StreamingChat implements ChatExchange, Flow.Subscriber<String> {

	private static final String WHAT = "POST /api/chat";

	private final Failures failures;
	private final Consumer<String> onToken;
	private final long idleNanos;
	private final CompletableFuture<ChatReply> result = new CompletableFuture<>();
	private final StringBuilder content = new StringBuilder();
	private volatile Flow.Subscription subscription;
	private volatile CompletableFuture<?> send;
	private volatile long lastActivity = System.nanoTime();
	/** Set once the whole body is in: cancelling then would close a connection the pool reuses. */
	private volatile boolean bodyComplete;
	private int chunks;

	StreamingChat(Failures failures, Duration idleTimeout, Consumer<String> onToken) {
		this.failures = failures;
		this.onToken = onToken;
		this.idleNanos = idleTimeout.toNanos();
	}

	/** Sends the request on {@code client}, which this exchange owns and shuts down when it ends. */
	void start(HttpClient client, HttpRequest request) {
		result.whenComplete((reply, error) -> {
			if (error == null || bodyComplete) {
				client.shutdown();
			} else {
				client.shutdownNow();
			}
		});
		CompletableFuture<?> future = client.sendAsync(request, this::bodySubscriber);
		send = future;
		future.whenComplete((response, error) -> {
			if (error != null) {
				fail(failures.map(WHAT, error));
			} else if (!result.isDone()) {
				fail(dropped());
			}
		});
		if (result.isDone()) {
			// aborted while the request was being handed over
			future.cancel(true);
		}
		scheduleIdleCheck(idleNanos);
	}

	private BodySubscriber<Void> bodySubscriber(ResponseInfo info) {
		lastActivity = System.nanoTime();
		if (info.statusCode() != 200) {
			return BodySubscribers.mapping(BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
				bodyComplete = true;
				fail(failures.httpError(WHAT, info.statusCode(), body));
				return null;
			});
		}
		return BodySubscribers.fromLineSubscriber(this, s -> null, StandardCharsets.UTF_8, null);
	}

	@Override
	public void onSubscribe(Flow.Subscription s) {
		subscription = s;
		if (result.isDone()) {
			s.cancel();
		} else {
			s.request(1);
		}
	}

	@Override
	public void onNext(String line) {
		lastActivity = System.nanoTime();
		if (result.isDone()) {
			return;
		}
		if (!line.isBlank()) {
			JsonObject chunk = Json.parseObject(line);
			if (chunk == null) {
				fail(failures.notJson(WHAT, line));
				return;
			}
			String error = Json.string(chunk, "error", null);
			if (error != null) {
				fail(new OllamaException(Kind.HTTP_ERROR, 200, "Ollama reported an error during " + WHAT + ": " + error,
						null));
				return;
			}
			accept(chunk);
			if (Json.bool(chunk, "done")) {
				result.complete(new ChatReply(Json.string(chunk, "model", ""), partialContent(),
						Json.string(chunk, "done_reason", ""), chunks));
				return;
			}
		}
		Flow.Subscription s = subscription;
		if (s != null) {
			s.request(1);
		}
	}

	private void accept(JsonObject chunk) {
		JsonElement message = chunk.get("message");
		String piece = message != null && message.isJsonObject() ? Json.string(message.getAsJsonObject(), "content", "")
				: "";
		synchronized (content) {
			content.append(piece);
			chunks++;
		}
		if (!piece.isEmpty()) {
			try {
				onToken.accept(piece);
			} catch (RuntimeException listenerFailure) {
				// a faulty progress listener must not break the exchange
			}
		}
	}

	@Override
	public void onError(Throwable throwable) {
		fail(failures.map(WHAT, throwable));
	}

	@Override
	public void onComplete() {
		if (!result.isDone()) {
			fail(dropped());
		}
	}

	private OllamaException dropped() {
		int n;
		synchronized (content) {
			n = chunks;
		}
		return new OllamaException(Kind.CONNECTION_DROPPED,
				"connection closed during " + WHAT + " before the reply was complete (after " + n + " chunks)");
	}

	private void scheduleIdleCheck(long delayNanos) {
		CompletableFuture.delayedExecutor(Math.max(delayNanos, 1_000_000L), TimeUnit.NANOSECONDS).execute(() -> {
			if (result.isDone()) {
				return;
			}
			long idle = System.nanoTime() - lastActivity;
			if (idle >= idleNanos) {
				fail(failures.timeout(WHAT + " (no data for that long)", Duration.ofNanos(idleNanos), null));
			} else {
				scheduleIdleCheck(idleNanos - idle);
			}
		});
	}

	void fail(OllamaException error) {
		if (result.completeExceptionally(error) && !bodyComplete) {
			Flow.Subscription s = subscription;
			if (s != null) {
				s.cancel();
			}
			CompletableFuture<?> f = send;
			if (f != null) {
				f.cancel(true);
			}
		}
	}

	@Override
	public ChatReply await() throws OllamaException, InterruptedException {
		try {
			return result.get();
		} catch (InterruptedException e) {
			abort("the waiting thread was interrupted");
			throw e;
		} catch (ExecutionException e) {
			if (e.getCause() instanceof OllamaException o) {
				throw o;
			}
			throw failures.map(WHAT, e.getCause());
		}
	}

	/** Runs {@code action} once the exchange has ended, however it ended. */
	void whenDone(Runnable action) {
		result.whenComplete((reply, error) -> action.run());
	}

	@Override
	public void abort(String reason) {
		fail(new OllamaException(Kind.ABORTED, WHAT + " aborted: " + reason));
	}

	@Override
	public boolean isDone() {
		return result.isDone();
	}

	@Override
	public String partialContent() {
		synchronized (content) {
			return content.toString();
		}
	}
}
