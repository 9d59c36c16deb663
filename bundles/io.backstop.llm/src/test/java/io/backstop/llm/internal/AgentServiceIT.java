package io.backstop.llm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentService;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.AgentState;
import io.backstop.llm.Objective;
import io.backstop.llm.OllamaClient;

/** The bundle's DS components inside Equinox, against the loopback Ollama. */
class AgentServiceIT {

	private static final long GB = 1024L * 1024 * 1024;

	private final BundleContext context = FrameworkUtil.getBundle(AgentServiceIT.class).getBundleContext();
	private FakeOllama ollama;
	private TestStopSignal signal;
	private ServiceRegistration<StopSignal> signalRegistration;

	@BeforeEach
	void start() throws Exception {
		ollama = new FakeOllama().install(AgentLoopTest.MODEL, 3 * GB);
		System.setProperty(OllamaClientComponent.SYSTEM_PROPERTY, ollama.baseUri().toString());
		signal = new TestStopSignal();
		signalRegistration = context.registerService(StopSignal.class, signal, null);
	}

	@AfterEach
	void stop() {
		signalRegistration.unregister();
		service(AgentService.class).haltAll("test over");
		System.clearProperty(OllamaClientComponent.SYSTEM_PROPERTY);
		ollama.close();
	}

	private <T> T service(Class<T> type) {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		try {
			T s = tracker.waitForService(5000);
			assertNotNull(s, type.getName() + " is registered");
			return s;
		} catch (InterruptedException e) {
			throw new AssertionError(e);
		} finally {
			// the service object stays valid for the test's duration; the component is not disposed
			// while the bundle is active
			tracker.close();
		}
	}

	private ServiceReference<Stoppable> step(String id) throws Exception {
		for (ServiceReference<Stoppable> ref : context.getServiceReferences(Stoppable.class, null)) {
			if (id.equals(context.getService(ref).id())) {
				return ref;
			}
		}
		throw new AssertionError("no Stoppable " + id);
	}

	private AgentSpec spec(int iterations) {
		return AgentSpec.of("sma-cross", "BTCUSDT 5m", AgentLoopTest.PARAMS, Objective.maximize("sharpe"), iterations,
				AgentLoopTest.MODEL);
	}

	@Test
	void stoppablesAreRegisteredInTheirBands() throws Exception {
		ServiceReference<Stoppable> agents = step(AgentManager.STEP_ID);
		ServiceReference<Stoppable> models = step(ModelUnloadStep.STEP_ID);
		assertEquals(100, agents.getProperty(Stoppable.ORDER));
		assertEquals(200, models.getProperty(Stoppable.ORDER));
		assertTrue(((Number) models.getProperty(Stoppable.TIMEOUT_MS)).longValue() > 0);
		assertEquals(ollama.baseUri(), service(OllamaClient.class).baseUri(), "base URL from the system property");
	}

	@Test
	void runIsAnEclipseJobThatEndsWithTheModelsDecision() throws Exception {
		ollama.reply(AgentLoopTest.cont(5, 30), AgentLoopTest.cont(10, 50), AgentLoopTest.cont(12, 60),
				"{\"action\":\"accept\",\"reasoning\":\"peak\"}").streaming(4, 30);
		AgentService agents = service(AgentService.class);
		AgentRun run = agents.start(spec(6), AgentLoopTest.PEAKED);

		Job[] jobs = Job.getJobManager().find(AgentService.JOB_FAMILY);
		assertTrue(jobs.length >= 1, "the run is a job of the agent family");
		assertTrue(agents.active().contains(run));
		AgentResult result = run.result().get(10, TimeUnit.SECONDS);
		assertEquals(AgentState.ACCEPTED, result.state(), result.reason());
		assertEquals(3, result.iterations());
		assertEquals(12L, result.best().parameters().get("fast"));
		assertTrue(Files.readAllLines(result.logFile()).size() >= 5);
		assertEquals(run, agents.find(run.id()).orElseThrow());
		Job.getJobManager().join(AgentService.JOB_FAMILY, null);
		assertTrue(agents.active().isEmpty());
	}

	@Test
	void backtestRunOnTheBundledSample() throws Exception {
		io.backstop.llm.backtest.BacktestEvaluator evaluator = io.backstop.llm.backtest.BacktestEvaluator
				.of(new io.backstop.backtest.strategies.SmaCrossoverStrategy(), io.backstop.data.SampleData.loadBtcusdt5m());
		ollama.reply("{\"action\":\"continue\",\"parameters\":{\"fast_period\":5,\"slow_period\":20,\"stop_loss_pct\":0}}",
				"{\"action\":\"continue\",\"parameters\":{\"fast_period\":20,\"slow_period\":100,\"stop_loss_pct\":0}}",
				"{\"action\":\"accept\"}");
		AgentRun run = service(AgentService.class).start(evaluator.agentSpec(Objective.maximize("sharpe"), 4,
				AgentLoopTest.MODEL), evaluator);
		AgentResult result = run.result().get(20, TimeUnit.SECONDS);
		assertEquals(AgentState.ACCEPTED, result.state(), result.reason());
		assertEquals(2, result.best().iteration(), "the slower pair beats the first guess on the sample");
		assertTrue(result.best().objectiveValue() > run.iterations().get(0).objectiveValue());
	}

	@Test
	void cancellingTheJobHaltsTheRun() throws Exception {
		ollama.reply(AgentLoopTest.cont(5, 30)).streaming(100, 20);
		AgentRun run = service(AgentService.class).start(spec(3), AgentLoopTest.PEAKED);
		waitUntil(() -> ollama.chatsInFlight() > 0 && run.isWaitingForModel());
		Job.getJobManager().cancel(AgentService.JOB_FAMILY);
		assertEquals(AgentState.HALTED, run.result().get(2, TimeUnit.SECONDS).state());
	}

	@Test
	void stopDuringAStreamingReplyHaltsTheAgentAndWaitsForTheLateUnload() throws Exception {
		// as Ollama does: the aborted chat holds the model until the server notices, then the
		// runner takes a while to go
		ollama.reply(AgentLoopTest.cont(5, 30)).script(r -> AgentLoopTest.cont(10, 50) + " ".repeat(400))
				.streaming(80, 20).unloadDelay(500);
		AgentService agents = service(AgentService.class);
		AgentRun run = agents.start(spec(5), AgentLoopTest.PEAKED);
		waitUntil(() -> run.iterations().size() == 1 && run.isWaitingForModel() && ollama.chatsInFlight() > 0);
		Thread.sleep(100);
		assertTrue(ollama.loadedModels().contains(AgentLoopTest.MODEL), "the chat loaded the model");

		// what the coordinator does: raise the signal, then run the steps in order
		long t0 = System.nanoTime();
		signal.raise();
		AgentResult result = run.result().get(2, TimeUnit.SECONDS);
		double haltMs = (System.nanoTime() - t0) / 1e6;
		System.out.printf("IT: agent halted %.2f ms after the stop signal was raised%n", haltMs);
		assertEquals(AgentState.HALTED, result.state());
		assertTrue(haltMs < 1000, haltMs + " ms");

		StepResult halt = context.getService(step(AgentManager.STEP_ID))
				.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(2), line -> { }));
		assertEquals(StepStatus.CLEANED, halt.status(), halt.detail());
		assertEquals(1L, halt.counters().get("agents.halted"));
		assertEquals(List.of("LLM agent " + run.id() + " (sma-cross)"), halt.componentsCleaned());

		ServiceReference<Stoppable> models = step(ModelUnloadStep.STEP_ID);
		long deadlineMs = ((Number) models.getProperty(Stoppable.TIMEOUT_MS)).longValue();
		long u0 = System.nanoTime();
		StepResult unload = context.getService(models)
				.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofMillis(deadlineMs), line -> { }));
		double unloadMs = (System.nanoTime() - u0) / 1e6;
		System.out.printf("IT: unload step %s in %.1f ms: %s%n", unload.status(), unloadMs, unload.detail());
		assertEquals(StepStatus.CLEANED, unload.status(), unload.detail());
		assertTrue(unloadMs >= 500, "waited for the late unload: " + unloadMs + " ms");
		assertTrue(unload.detail().contains(AgentLoopTest.MODEL + " unloaded in"), unload.detail());
		assertEquals(3 * GB, unload.bytesReleased());
		assertEquals(3 * GB, unload.counters().get(ModelUnloader.VRAM_FREED_COUNTER));
		assertTrue(service(OllamaClient.class).ps().isEmpty(), "/api/ps is empty when the unload step returns");

		waitUntil(() -> ollama.disconnects() > 0);
		List<String> lines = Files.readAllLines(result.logFile());
		assertTrue(lines.get(lines.size() - 1).contains("\"state\":\"HALTED\""), lines.get(lines.size() - 1));
		assertEquals(3, lines.size(), "start, one iteration, end");

		assertThrows(WorkRefusedException.class, () -> agents.start(spec(2), AgentLoopTest.PEAKED));
		signal.lower();
		assertEquals(StepStatus.SKIPPED, context.getService(step(AgentManager.STEP_ID))
				.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(1), line -> { })).status(), "nothing left to halt");
	}

	@Test
	void unloadStepIsSkippedQuicklyWhenOllamaIsDown() throws Exception {
		int port;
		try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			port = s.getLocalPort();
		}
		System.setProperty(OllamaClientComponent.SYSTEM_PROPERTY, "http://127.0.0.1:" + port);
		Stoppable models = context.getService(step(ModelUnloadStep.STEP_ID));
		long t0 = System.nanoTime();
		StepResult result = models.stop(StopContext.of(StopRequest.of("test", "test"), Duration.ofSeconds(3), line -> { }));
		double ms = (System.nanoTime() - t0) / 1e6;
		System.out.printf("IT: unload step with Ollama down: %s in %.1f ms: %s%n", result.status(), ms, result.detail());
		assertEquals(StepStatus.SKIPPED, result.status());
		assertTrue(ms < 500, ms + " ms");
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > until) {
				throw new AssertionError("condition not met within 10 s");
			}
			Thread.sleep(2);
		}
	}

}
