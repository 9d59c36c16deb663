package io.backstop.llm.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.llm.LoadedModel;
import io.backstop.llm.OllamaException;

/**
 * Unloads every model Ollama holds and waits until {@code /api/ps} no longer lists them:
 * Ollama answers {@code keep_alive: 0} at once but unloads asynchronously, and later still
 * while a chat that was just aborted holds the model. The VRAM freed is what {@code /api/ps}
 * said the models that went away held.
 * <p>
 * Its connections and threads are created, and the classes of its requests loaded, before any
 * stop ({@link #warmUp}), so a stop starts no thread and an Ollama that is down costs it one
 * refused connection on a plain socket, not a cold HTTP client.
 */
final class ModelUnloader implements AutoCloseable {

	/** Counter of the step's result: the VRAM Ollama reported for the models that went away. */
	static final String VRAM_FREED_COUNTER = "ollama.vram.freed.bytes";
	/** Short: the reachability check of a local Ollama is answered, refused or not, in a millisecond. */
	static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
	static final Duration CALL_TIMEOUT = Duration.ofMillis(1000);
	static final Duration POLL_INTERVAL = Duration.ofMillis(25);
	/** The least time a poll of {@code /api/ps} is given once the models have been listed. */
	static final Duration SHORTEST_POLL = Duration.ofMillis(50);
	/** Left before the step's deadline to build and return the result. */
	static final Duration REPORT_MARGIN = Duration.ofMillis(100);

	private final ThreadPoolExecutor httpThreads;
	private final HttpClient http;

	ModelUnloader() {
		// core threads that never expire: an idle pool would make the next stop start threads
		httpThreads = new ThreadPoolExecutor(2, 2, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), task -> {
			Thread thread = new Thread(task, "ollama-unload-http");
			thread.setDaemon(true);
			return thread;
		});
		httpThreads.prestartAllCoreThreads();
		http = HttpOllamaClient.httpClientBuilder(CONNECT_TIMEOUT).executor(httpThreads).build();
	}

	/**
	 * Takes the stop's path once without unloading anything: against a loopback port nobody
	 * listens on (an Ollama that is down), a report, then {@code GET /api/ps} on the configured
	 * Ollama.
	 */
	void warmUp(URI configured) {
		StopContext context = StopContext.of(StopRequest.of("warming the Ollama client", "llm.models"),
				CALL_TIMEOUT.plus(REPORT_MARGIN), line -> {
				});
		try {
			unloadAll(unusedLoopbackPort(), context);
			report(configured, List.of(new LoadedModel("warm-up", 0, 0, "")), Map.of("warm-up", 0L), Map.of(), null);
			client(configured, CALL_TIMEOUT).ps();
		} catch (IOException e) {
			// only warming: the stop reports what Ollama does
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	StepResult unloadAll(URI base, StopContext context) throws InterruptedException {
		Instant reportBy = context.deadline().minus(REPORT_MARGIN);
		Duration budget = callBudget(reportBy);
		if (budget.isZero()) {
			return StepResult.skipped("no time left before the deadline to contact Ollama");
		}
		String unreachable = unreachable(base, min(CONNECT_TIMEOUT, budget));
		if (unreachable != null) {
			return StepResult.skipped("Ollama not reachable, nothing to unload: Ollama is not reachable at " + base + " ("
					+ unreachable + ")");
		}
		budget = callBudget(reportBy);
		if (budget.isZero()) {
			return StepResult.skipped("no time left before the deadline to ask Ollama for its models");
		}
		List<LoadedModel> loaded;
		try {
			loaded = client(base, budget).ps();
		} catch (OllamaException e) {
			if (e.kind() == OllamaException.Kind.UNREACHABLE || e.kind() == OllamaException.Kind.TIMEOUT) {
				return StepResult.skipped("Ollama not reachable, nothing to unload: " + e.getMessage());
			}
			return StepResult.failed(e);
		}
		if (loaded.isEmpty()) {
			return StepResult.skipped("no model loaded in Ollama at " + base);
		}
		context.progress("unloading " + loaded.size() + " model(s) from Ollama at " + base);
		Map<String, String> refused = new LinkedHashMap<>();
		Map<String, Long> requestedAt = new LinkedHashMap<>();
		for (LoadedModel model : loaded) {
			budget = callBudget(reportBy);
			if (budget.isZero()) {
				refused.put(model.name(), "no time left before the step's deadline");
				continue;
			}
			long sentAt = System.nanoTime();
			try {
				String reason = client(base, budget).unload(model.name());
				if (reason.isEmpty() || "unload".equals(reason)) {
					requestedAt.put(model.name(), sentAt);
				} else {
					refused.put(model.name(), "Ollama answered done_reason '" + reason + "'");
				}
			} catch (OllamaException e) {
				refused.put(model.name(), e.getMessage());
			}
		}
		Map<String, Long> unloadMillis = new LinkedHashMap<>();
		String unverified = awaitUnloaded(base, requestedAt, unloadMillis, reportBy, context);
		return report(base, loaded, unloadMillis, refused, unverified);
	}

	/**
	 * Polls {@code /api/ps} until none of the requested models is listed or the time to report
	 * comes, recording how long each took to go.
	 *
	 * @return null, or why the remaining models could not be verified
	 */
	private String awaitUnloaded(URI base, Map<String, Long> requestedAt, Map<String, Long> unloadMillis,
			Instant reportBy, StopContext context) throws InterruptedException {
		Set<String> pending = new HashSet<>(requestedAt.keySet());
		boolean waitingReported = false;
		boolean listedOnce = false;
		while (!pending.isEmpty()) {
			Duration budget = callBudget(reportBy);
			// a poll too short to be answered would replace what the last listing showed with a timeout
			if (budget.isZero() || listedOnce && budget.compareTo(SHORTEST_POLL) < 0) {
				return null;
			}
			Set<String> listed = new HashSet<>();
			try {
				client(base, budget).ps().forEach(m -> listed.add(m.name()));
				listedOnce = true;
			} catch (OllamaException e) {
				return e.getMessage();
			}
			long now = System.nanoTime();
			for (Map.Entry<String, Long> request : requestedAt.entrySet()) {
				if (pending.contains(request.getKey()) && !listed.contains(request.getKey())) {
					pending.remove(request.getKey());
					unloadMillis.put(request.getKey(), TimeUnit.NANOSECONDS.toMillis(now - request.getValue()));
				}
			}
			if (!pending.isEmpty()) {
				if (!waitingReported) {
					context.progress("waiting for Ollama to unload " + String.join(", ", pending));
					waitingReported = true;
				}
				Duration pause = min(POLL_INTERVAL, Duration.between(Instant.now(), reportBy));
				if (pause.isNegative() || pause.isZero()) {
					return null;
				}
				Thread.sleep(pause);
			}
		}
		return null;
	}

	private static StepResult report(URI base, List<LoadedModel> loaded, Map<String, Long> unloadMillis,
			Map<String, String> refused, String unverified) {
		List<String> components = new ArrayList<>();
		List<String> unloaded = new ArrayList<>();
		List<String> remaining = new ArrayList<>();
		long vram = 0;
		for (LoadedModel model : loaded) {
			Long millis = unloadMillis.get(model.name());
			if (millis != null) {
				vram += model.sizeVramBytes();
				components.add("Ollama model " + model.name());
				unloaded.add(model.name() + " unloaded in " + millis(millis) + " (" + bytes(model.sizeVramBytes())
						+ " VRAM)");
			} else {
				String why = refused.get(model.name());
				if (why == null) {
					why = unverified == null ? "still listed by /api/ps at the step's deadline"
							: "unload not verified: " + unverified;
				}
				remaining.add(model.name() + " (" + why + ")");
			}
		}
		String detail = "unloaded " + unloaded.size() + " of " + loaded.size() + " model(s) from Ollama at " + base
				+ (unloaded.isEmpty() ? "" : ": " + String.join(", ", unloaded)) + "; Ollama reported " + bytes(vram)
				+ " VRAM freed";
		Map<String, Long> counters = Map.of("models.loaded", (long) loaded.size(), "models.unloaded",
				(long) unloaded.size(), "models.remaining", (long) remaining.size(), VRAM_FREED_COUNTER, vram);
		if (remaining.isEmpty()) {
			return StepResult.cleaned(detail, vram, components).withCounters(counters);
		}
		String error = "still loaded: " + String.join(", ", remaining);
		if (unloaded.isEmpty()) {
			return new StepResult(StepStatus.FAILED, detail + "; " + error, components, vram, counters, error);
		}
		return StepResult.partial(detail + "; " + error, vram, components, error).withCounters(counters);
	}

	/**
	 * Opens and closes a plain connection to Ollama's port: refused on loopback within a
	 * millisecond, without the HTTP client's hand-offs between threads.
	 *
	 * @return null when something listens there, else why not
	 */
	private static String unreachable(URI base, Duration connectTimeout) {
		int port = base.getPort() >= 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(base.getHost(), port), (int) Math.max(1, connectTimeout.toMillis()));
			return null;
		} catch (SocketTimeoutException e) {
			return "no connection within " + millis(connectTimeout.toMillis());
		} catch (UnknownHostException e) {
			return "unknown host";
		} catch (ConnectException e) {
			return "connection refused";
		} catch (IOException e) {
			return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		}
	}

	private HttpOllamaClient client(URI base, Duration callBound) {
		return new HttpOllamaClient(new OllamaSettings(base, min(CONNECT_TIMEOUT, callBound), callBound), http,
				callBound);
	}

	/** What one call may take: the call timeout, cut to the time left before reporting; zero when none is. */
	private static Duration callBudget(Instant reportBy) {
		Duration left = Duration.between(Instant.now(), reportBy);
		return left.toMillis() < 1 ? Duration.ZERO : min(CALL_TIMEOUT, left);
	}

	private static URI unusedLoopbackPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return URI.create("http://127.0.0.1:" + socket.getLocalPort());
		}
	}

	@Override
	public void close() {
		http.shutdownNow();
		httpThreads.shutdownNow();
	}

	private static Duration min(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	/** {@code 7 ms}, {@code 1,250 ms}. */
	static String millis(long millis) {
		return String.format(Locale.ROOT, "%,d ms", millis);
	}

	/** {@code 512 MB}, {@code 2.5 GB}. */
	static String bytes(long bytes) {
		double megabytes = bytes / (1024.0 * 1024.0);
		return megabytes < 1024 ? String.format(Locale.ROOT, "%,.0f MB", megabytes)
				: String.format(Locale.ROOT, "%,.1f GB", megabytes / 1024);
	}
}
