package io.backstop.run.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.data.OhlcvCsv;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.run.ResultRow;
import io.backstop.run.RunEvents;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;

/**
 * The run service inside Equinox, wired by DS to the sweep engine, the LLM agent (against a
 * loopback server speaking Ollama's protocol) and the real emergency stop coordinator.
 */
class RunServiceIT {

	private static final String MODEL = "llama3.2";
	/** Where the Ollama client finds its server when nothing else names one. */
	private static final String OLLAMA_URL_PROPERTY = "backstop.ollama.url";
	private static final RunSettings SETTINGS = RunSettings.defaults().withCapital(25_000).withCosts(4, 2)
			.withSizing(Sizing.EQUITY_FRACTION, 0.5);

	@TempDir
	Path dir;

	private final BundleContext context = FrameworkUtil.getBundle(RunServiceIT.class).getBundleContext();
	private final List<Event> events = new CopyOnWriteArrayList<>();
	private ServiceRegistration<EventHandler> listener;
	private EmergencyStop emergencyStop;
	private RunService service;
	private LoopbackOllama ollama;

	@BeforeEach
	void wire() throws Exception {
		ollama = new LoopbackOllama();
		System.setProperty(OLLAMA_URL_PROPERTY, ollama.baseUri());
		emergencyStop = waitFor(context, EmergencyStop.class);
		service = waitFor(context, RunService.class);
		emergencyStop.reset();
		service.clearResults();
		Dictionary<String, Object> props = new Hashtable<>();
		props.put(EventConstants.EVENT_TOPIC, RunEvents.TOPIC_ALL);
		listener = context.registerService(EventHandler.class, events::add, props);
	}

	@AfterEach
	void cleanUp() throws Exception {
		listener.unregister();
		for (RunHandle run : service.runs()) {
			run.cancel();
			run.completion().get(20, TimeUnit.SECONDS);
		}
		emergencyStop.reset();
		ollama.close();
		System.clearProperty(OLLAMA_URL_PROPERTY);
	}

	static <T> T waitFor(BundleContext context, Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(10_000);
		assertNotNull(found, type.getSimpleName() + " was not registered by DS");
		return found;
	}

	private static RunRequest backtest(String strategy) {
		return RunRequest.builder(RunKind.BACKTEST, strategy).settings(SETTINGS).build();
	}

	/** 12 combinations. */
	private static RunRequest smallSweep() {
		return RunRequest.builder(RunKind.SWEEP, "bollinger_zscore").parameter("bb_period", "10:20:5")
				.parameter("entry_z", "1,2").parameter("k_sl", "1:2:1").settings(SETTINGS)
				.objective(RunObjective.maximise("sharpe")).workers(2).topK(5).build();
	}

	private static RunRequest llm(int iterations) {
		return RunRequest.builder(RunKind.LLM, "sma_crossover").settings(SETTINGS).objective(RunObjective.maximise("sharpe"))
				.llmIterations(iterations).build();
	}

	@Test
	void aBacktestASweepAndAnLlmRunPostTheirEventsAndLandRowsWithTheirSettings() throws Exception {
		OhlcvSeries sample = service.openSample();
		assertEquals(sample, service.series().orElseThrow());
		awaitEvent(e -> e.getTopic().equals(RunEvents.DATA_OPENED) && sample.name().equals(e.getProperty(RunEvents.SERIES_NAME)));

		RunHandle backtest = service.start(backtest("sma_crossover"));
		RunOutcome tested = backtest.completion().get(30, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, tested.state(), tested.message());
		assertEquals(sample.size(), tested.progress().done());
		assertRows(tested, backtest, 1);

		RunHandle sweep = service.start(smallSweep());
		RunOutcome swept = sweep.completion().get(60, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, swept.state(), swept.message());
		assertEquals(12, swept.progress().done());
		assertEquals(12, swept.progress().total());
		assertRows(swept, sweep, 5);
		assertEquals(13, Files.readAllLines(sweep.resultsFile()).size(), "a header and each combination");
		assertTrue(swept.rows().stream().allMatch(r -> Double.isFinite(r.sharpe())));

		// two proposals, a second apart, then the model accepts the better one
		ollama.reply("{\"action\":\"continue\",\"parameters\":{\"fast_period\":5,\"slow_period\":20,\"stop_loss_pct\":0}}",
				"{\"action\":\"continue\",\"parameters\":{\"fast_period\":20,\"slow_period\":100,\"stop_loss_pct\":0}}",
				"{\"action\":\"accept\",\"reasoning\":\"the slower pair\"}");
		ollama.chunkDelayMillis = 150;
		RunHandle agent = service.start(llm(4));
		assertEquals(MODEL, agent.request().llmModel(), "the configured model, since the request named none");
		assertTrue(agent.origin().matches("LLM \\d+ \\(" + MODEL + "\\)"), agent.origin());
		awaitEvent(e -> e.getTopic().equals(RunEvents.PROGRESS) && agent.id().equals(e.getProperty(RunEvents.RUN_ID)));
		RunOutcome tuned = agent.completion().get(60, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, tuned.state(), tuned.message());
		assertTrue(tuned.progress().done() >= 2, tuned.progress().describe());
		assertRows(tuned, agent, 2);
		assertEquals(20, tuned.rows().get(1).parameters().getInt("fast_period"));
		assertTrue(ollama.chats.stream().allMatch(body -> body.contains("\"model\":\"" + MODEL + "\"")), ollama.chats.toString());

		for (RunHandle run : List.of(backtest, sweep, agent)) {
			List<Event> mine = eventsOf(run);
			assertEquals(RunEvents.STARTED, mine.get(0).getTopic(), run.origin());
			awaitEvent(e -> e.getTopic().equals(RunEvents.FINISHED) && run.id().equals(e.getProperty(RunEvents.RUN_ID)));
			Event finished = eventsOf(run).get(eventsOf(run).size() - 1);
			assertEquals(RunEvents.FINISHED, finished.getTopic(), run.origin());
			assertEquals("COMPLETED", finished.getProperty(RunEvents.STATE));
			assertEquals(run.completion().get(), finished.getProperty(RunEvents.OUTCOME));
			assertEquals(run.kind().name(), finished.getProperty(RunEvents.KIND));
		}
		awaitEvent(e -> e.getTopic().equals(RunEvents.RESULTS_CHANGED)
				&& Integer.valueOf(8).equals(e.getProperty(RunEvents.ROWS)));
		assertEquals(8, service.results().size());
	}

	private void assertRows(RunOutcome outcome, RunHandle run, int count) {
		assertEquals(count, outcome.rows().size(), outcome.rows().toString());
		for (ResultRow row : outcome.rows()) {
			assertEquals(run.id(), row.runId());
			assertEquals(run.kind(), row.kind());
			assertEquals(run.origin(), row.origin());
			assertEquals(SETTINGS, row.settings(), "the row carries the settings it ran with");
			assertEquals(service.series().orElseThrow(), row.series());
			assertTrue(Double.isFinite(row.finalEquity()) || run.kind() == RunKind.SWEEP, row.figures().toString());
			assertTrue(service.results().contains(row));
		}
	}

	@Test
	void aSweepRowWhoseEquityReachedZeroSaysRuinedAndRanksLast() throws Exception {
		service.openSample();
		List<ResultRow> rows = service.start(RunRequest.builder(RunKind.SWEEP, "bollinger_zscore")
				.parameter("bb_period", "30").parameter("entry_z", "1.5,3").parameter("k_sl", "3").build())
				.completion().get(60, TimeUnit.SECONDS).rows();

		assertEquals(2, rows.size(), rows.toString());
		ResultRow survivor = rows.get(0);
		ResultRow ruined = rows.get(1);
		assertEquals("completed", survivor.status());
		assertEquals(3.0, survivor.parameters().asMap().get("entry_z"));
		assertEquals("ruined", ruined.status());
		assertEquals(-1.0, ruined.totalReturn(), 1e-12);
		assertTrue(ruined.sharpe() > survivor.sharpe(), "ranked last though its Sharpe (" + ruined.sharpe()
				+ ") is higher than the survivor's (" + survivor.sharpe() + ")");
	}

	@Test
	void aLibrarySeriesResampledToOneHourIsASweepsData() throws Exception {
		OhlcvSeries fiveMinutes = service.open("btcusdt", "5m");
		assertEquals("BTCUSDT_5m", fiveMinutes.name());
		assertEquals(25_920, fiveMinutes.size());
		OhlcvSeries hourly = service.resample("1h");
		assertEquals("BTCUSDT_1h", hourly.name());
		assertEquals(2_161, hourly.size());
		assertEquals(hourly, service.series().orElseThrow());
		RunOutcome swept = service.start(smallSweep()).completion().get(60, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, swept.state(), swept.message());
		assertFalse(swept.rows().isEmpty());
		for (var row : swept.rows()) {
			assertEquals(hourly, row.series());
		}
		assertEquals("timeframe: 30m is not longer than 1h, the bar length of BTCUSDT_1h",
				assertThrows(IllegalArgumentException.class, () -> service.resample("30m")).getMessage());
	}

	@Test
	void theEmergencyStopHaltsABacktestASweepAndAnLlmRunAndNewWorkWaitsForTheReset() throws Exception {
		Path csv = dir.resolve("long.csv");
		OhlcvCsv.write(SyntheticSeries.generate(5, 300_000), csv);
		OhlcvSeries series = service.open(csv);
		int runsBefore = service.runs().size();

		ollama.hang.set(true);
		RunHandle agent = service.start(llm(3));
		assertTrue(ollama.chatAsked.await(30, TimeUnit.SECONDS), "the agent asked the model");
		RunHandle sweep = service.start(RunRequest.builder(RunKind.SWEEP, "bollinger_zscore").settings(SETTINGS).build());
		awaitEvent(e -> e.getTopic().equals(RunEvents.PROGRESS) && sweep.id().equals(e.getProperty(RunEvents.RUN_ID))
				&& ((io.backstop.run.RunProgress) e.getProperty(RunEvents.PROGRESS_SNAPSHOT)).done() > 0);
		RunHandle backtest = service.start(backtest("bollinger_atr"));
		assertEquals(RunState.RUNNING, sweep.progress().state());
		assertEquals(RunState.RUNNING, agent.progress().state());

		long requested = System.nanoTime();
		Map<RunHandle, long[]> haltedAt = new java.util.LinkedHashMap<>();
		for (RunHandle run : List.of(backtest, sweep, agent)) {
			long[] at = new long[1];
			haltedAt.put(run, at);
			run.completion().thenRun(() -> at[0] = System.nanoTime());
		}
		StopReport report = emergencyStop.requestStop(StopRequest.of("test", "RunServiceIT")).get(30, TimeUnit.SECONDS);
		for (Map.Entry<RunHandle, long[]> halted : haltedAt.entrySet()) {
			RunOutcome outcome = halted.getKey().completion().get(10, TimeUnit.SECONDS);
			System.out.printf("RunServiceIT: %s %s %.1f ms after the stop was requested: %s%n", halted.getKey().origin(),
					outcome.state().label(), (halted.getValue()[0] - requested) / 1e6, outcome.progress().describe());
			assertEquals(RunState.STOPPED, outcome.state(), halted.getKey().origin() + ": " + outcome.message());
		}

		assertStep(report, RunService.HALT_STEP_ID, "halted 1 backtest");
		assertStep(report, "sweep.halt", "halted 1 sweep");
		assertStep(report, "llm.agents", "");
		RunOutcome backtested = backtest.completion().get();
		assertTrue(backtested.progress().done() < series.size(), backtested.progress().describe());
		assertEquals("stopped (partial)", backtested.rows().get(0).status());
		RunOutcome swept = sweep.completion().get();
		assertTrue(swept.resumable());
		assertTrue(swept.progress().done() > 0 && swept.progress().done() < swept.progress().total(),
				swept.progress().describe());
		assertTrue(swept.rows().stream().allMatch(r -> SETTINGS.equals(r.settings()) && r.status().equals("stopped (partial)")));
		assertEquals(RunState.STOPPED, agent.completion().get().state());
		for (RunHandle run : List.of(backtest, sweep, agent)) {
			awaitEvent(e -> e.getTopic().equals(RunEvents.FINISHED) && run.id().equals(e.getProperty(RunEvents.RUN_ID))
					&& "STOPPED".equals(e.getProperty(RunEvents.STATE)));
		}

		// refused until the reset, each kind and the resume
		for (RunRequest refused : List.of(backtest("sma_crossover"), smallSweep(), llm(2))) {
			String line = assertThrows(WorkRefusedException.class, () -> service.start(refused)).getMessage();
			assertTrue(line.contains("emergency stop"), line);
		}
		assertThrows(WorkRefusedException.class, () -> service.resume(sweep.id(), null));
		assertEquals(runsBefore + 3, service.runs().size(), "nothing refused was started");

		emergencyStop.reset();
		ollama.hang.set(false);
		ollama.reply("{\"action\":\"continue\",\"parameters\":{\"fast_period\":10,\"slow_period\":50,\"stop_loss_pct\":0}}",
				"{\"action\":\"accept\"}");
		assertEquals(RunState.COMPLETED, service.start(backtest("sma_crossover")).completion().get(60, TimeUnit.SECONDS).state());
		assertEquals(RunState.COMPLETED, service.start(smallSweep()).completion().get(120, TimeUnit.SECONDS).state());
		RunOutcome again = service.start(llm(2)).completion().get(60, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, again.state(), again.message());
		assertEquals(1, again.rows().size());
	}

	private static void assertStep(StopReport report, String id, String detailStart) {
		StepReport step = report.steps().stream().filter(s -> s.id().equals(id)).findFirst()
				.orElseThrow(() -> new AssertionError("no step " + id + " in " + report.steps()));
		System.out.printf("RunServiceIT: step %s %s in %d ms: %s%n", id, step.status(), step.durationMillis(), step.detail());
		assertEquals(StepStatus.CLEANED, step.status(), id + ": " + step.detail());
		assertTrue(step.detail().startsWith(detailStart), id + ": " + step.detail());
	}

	private List<Event> eventsOf(RunHandle run) {
		return events.stream().filter(e -> run.id().equals(e.getProperty(RunEvents.RUN_ID))).toList();
	}

	private void awaitEvent(java.util.function.Predicate<Event> wanted) throws InterruptedException {
		awaitTrue(() -> events.stream().anyMatch(wanted), "an event");
	}

	static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > until) {
				throw new AssertionError(what + " within 30 s");
			}
			Thread.sleep(5);
		}
	}

	/**
	 * The part of Ollama's protocol a run uses, on loopback: streaming {@code /api/chat} answering the
	 * scripted replies in chunks (or, while {@link #hang} is set, holding the request open as a model
	 * that thinks), {@code /api/ps} listing the model a chat loaded until {@code /api/generate} with
	 * {@code keep_alive: 0} unloads it.
	 */
	private static final class LoopbackOllama implements AutoCloseable {
		final List<String> chats = new CopyOnWriteArrayList<>();
		final CountDownLatch chatAsked = new CountDownLatch(1);
		final AtomicBoolean hang = new AtomicBoolean();
		volatile long chunkDelayMillis = 5;
		private final Deque<String> replies = new ArrayDeque<>();
		private final AtomicBoolean loaded = new AtomicBoolean();
		private final CountDownLatch closing = new CountDownLatch(1);
		private final ExecutorService threads = Executors.newCachedThreadPool();
		private final HttpServer server;

		LoopbackOllama() throws IOException {
			server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
			server.setExecutor(threads);
			server.createContext("/api/chat", this::chat);
			server.createContext("/api/ps", exchange -> {
				exchange.getRequestBody().readAllBytes();
				send(exchange, loaded.get() ? "{\"models\":[{\"name\":\"" + MODEL + "\",\"model\":\"" + MODEL
						+ "\",\"size\":3000000000,\"size_vram\":2000000000}]}" : "{\"models\":[]}");
			});
			server.createContext("/api/generate", exchange -> {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				if (body.replace(" ", "").contains("\"keep_alive\":0")) {
					loaded.set(false);
				}
				send(exchange, "{\"model\":\"" + MODEL + "\",\"response\":\"\",\"done\":true,\"done_reason\":\"unload\"}");
			});
			server.start();
		}

		String baseUri() {
			return "http://127.0.0.1:" + server.getAddress().getPort();
		}

		synchronized void reply(String... contents) {
			replies.clear();
			replies.addAll(List.of(contents));
		}

		private synchronized String nextReply() {
			String next = replies.poll();
			return next != null ? next : "{\"action\":\"stop\",\"reasoning\":\"no more replies\"}";
		}

		private void chat(HttpExchange exchange) throws IOException {
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			chats.add(body);
			loaded.set(true);
			chatAsked.countDown();
			try (exchange) {
				if (hang.get()) {
					closing.await(60, TimeUnit.SECONDS); // a model that thinks until the client gives up
					return;
				}
				exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
				exchange.sendResponseHeaders(200, 0);
				OutputStream out = exchange.getResponseBody();
				String reply = nextReply();
				int half = reply.length() / 2;
				for (String piece : List.of(reply.substring(0, half), reply.substring(half))) {
					Thread.sleep(chunkDelayMillis);
					line(out, "{\"model\":\"" + MODEL + "\",\"message\":{\"role\":\"assistant\",\"content\":\""
							+ piece.replace("\\", "\\\\").replace("\"", "\\\"") + "\"},\"done\":false}");
				}
				line(out, "{\"model\":\"" + MODEL + "\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
						+ "\"done\":true,\"done_reason\":\"stop\"}");
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}

		private static void line(OutputStream out, String json) throws IOException {
			out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
		}

		private static void send(HttpExchange exchange, String json) throws IOException {
			byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, bytes.length);
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}

		@Override
		public void close() {
			closing.countDown();
			server.stop(0);
			threads.shutdownNow();
		}
	}
}
