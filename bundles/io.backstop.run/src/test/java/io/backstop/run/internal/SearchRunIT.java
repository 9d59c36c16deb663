package io.backstop.run.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.OptimiseService;
import io.backstop.optimise.WalkForwardWindow;
import io.backstop.run.ResultRow;
import io.backstop.run.RunEvents;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunProgress;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;
import io.backstop.sweep.RangeEvaluator;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.RangeWorker;
import io.backstop.sweep.RowSink;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;

/**
 * Searches and walk-forwards as run-service work inside Equinox: started, tracked with progress events and
 * results rows like sweeps, halted by the real emergency stop, and resumed after the optimisation
 * service restarted (its bundle stopped and started: a new instance that knows them from their files only)
 * with the results of an uninterrupted run of the same seed.
 */
class SearchRunIT {

	private final BundleContext context = FrameworkUtil.getBundle(SearchRunIT.class).getBundleContext();
	private final List<Event> events = new CopyOnWriteArrayList<>();
	private ServiceRegistration<EventHandler> listener;
	private EmergencyStop emergencyStop;
	private RunService service;

	@BeforeEach
	void wire() throws Exception {
		emergencyStop = RunServiceIT.waitFor(context, EmergencyStop.class);
		service = RunServiceIT.waitFor(context, RunService.class);
		RunServiceIT.waitFor(context, OptimiseService.class);
		emergencyStop.reset();
		service.clearResults();
		service.openSample();
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
	}

	private static RunRequest search(int budget) {
		return RunRequest.builder(RunKind.SEARCH, "bollinger_atr").parameter("bb_period", "10:60:2")
				.parameter("bb_std", "1:3.5:0.25").objective(RunObjective.maximise("profit_factor")).topK(5)
				.search(new RunRequest.Search("genetic", budget, 7, 0)).build();
	}

	private static RunRequest walkForward() {
		return RunRequest.builder(RunKind.WALK_FORWARD, "sma_crossover").objective(RunObjective.maximise("sharpe"))
				.search(new RunRequest.Search("random", 40, 3, 0))
				.walkForward(new RunRequest.WalkForward(3, 6_000, 2_000, false, 0)).build();
	}

	/** Stops and starts the optimisation bundle: its service is a new instance that knows nothing in memory. */
	private void restartOptimiser() throws Exception {
		Bundle optimise = FrameworkUtil.getBundle(OptimiseService.class);
		optimise.stop();
		optimise.start();
		RunServiceIT.waitFor(context, OptimiseService.class);
	}

	private StopReport stop() throws Exception {
		return emergencyStop.requestStop(StopRequest.of("test", "SearchRunIT")).get(30, TimeUnit.SECONDS);
	}

	@Test
	void aSearchIsRunServiceWorkAndResumesAfterARestartWithTheResultsOfAnUninterruptedRun() throws Exception {
		RunHandle uninterrupted = service.start(search(300));
		assertEquals(RunKind.SEARCH, uninterrupted.kind());
		RunOutcome whole = uninterrupted.completion().get(120, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, whole.state(), whole.message());
		assertEquals(5, whole.rows().size(), "its top K in the results");
		assertTrue(whole.rows().stream().allMatch(r -> r.kind() == RunKind.SEARCH && r.runId().equals(uninterrupted.id())));
		assertTrue(service.results().containsAll(whole.rows()));
		List<Evaluation> expected = service.search(uninterrupted.id()).orElseThrow().evaluations();

		RunHandle halted = service.start(search(300));
		RunServiceIT.awaitTrue(() -> halted.progress().done() >= 40, "40 evaluations done");
		RunProgress running = halted.progress();
		assertTrue(running.describe().matches("[\\d,]+ of 300 evaluations( · .*)? · best profit_factor .*"), running.describe());
		long requested = System.nanoTime();
		long[] haltedAt = new long[1];
		halted.completion().thenRun(() -> haltedAt[0] = System.nanoTime());
		StopReport report = stop();
		RunOutcome stopped = halted.completion().get(10, TimeUnit.SECONDS);
		System.out.printf("SearchRunIT: %s halted %.1f ms after the stop was requested: %s%n", halted.origin(),
				(haltedAt[0] - requested) / 1e6, stopped.progress().describe());
		assertEquals(RunState.STOPPED, stopped.state(), stopped.message());
		assertTrue(stopped.resumable());
		assertTrue(report.steps().stream().anyMatch(s -> s.id().equals(OptimiseService.HALT_STEP_ID)
				&& s.detail().startsWith("halted " + halted.id())), report.steps().toString());
		long kept = stopped.progress().done();
		assertTrue(kept >= 40 && kept < 300, stopped.progress().describe());
		assertEquals(kept + 1, Files.readAllLines(halted.resultsFile()).size(), "every evaluation done is on file");
		RunServiceIT.awaitTrue(() -> events.stream().anyMatch(e -> e.getTopic().equals(RunEvents.FINISHED)
				&& halted.id().equals(e.getProperty(RunEvents.RUN_ID)) && "SEARCH".equals(e.getProperty(RunEvents.KIND))
				&& "STOPPED".equals(e.getProperty(RunEvents.STATE))), "its end posted as every run's is (the Progress view's)");

		emergencyStop.reset();
		restartOptimiser();
		RunHandle resumed = service.resume(halted.id(), null);
		assertEquals(halted.id(), resumed.id());
		RunOutcome end = resumed.completion().get(120, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, end.state(), end.message());
		assertEquals(expected, service.search(resumed.id()).orElseThrow().evaluations());
		assertEquals(figures(whole.rows()), figures(end.rows()));
		assertEquals(301, Files.readAllLines(resumed.resultsFile()).size(), "each evaluation once on file");
	}

	@Test
	void aWalkForwardIsRunServiceWorkAndResumesFromItsDirectoryAfterARestart() throws Exception {
		RunHandle uninterrupted = service.start(walkForward());
		RunOutcome whole = uninterrupted.completion().get(120, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, whole.state(), whole.message());
		assertEquals(3, whole.progress().done());
		var expected = service.walkForward(uninterrupted.id()).orElseThrow().result();

		RunHandle halted = service.start(walkForward());
		RunServiceIT.awaitTrue(() -> halted.progress().done() >= 1, "a window done");
		stop();
		RunOutcome stopped = halted.completion().get(10, TimeUnit.SECONDS);
		assertEquals(RunState.STOPPED, stopped.state(), stopped.message());

		emergencyStop.reset();
		restartOptimiser();
		RunHandle resumed = service.resume(halted.location().toString(), null);
		RunOutcome end = resumed.completion().get(120, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, end.state(), end.message());
		var result = service.walkForward(resumed.id()).orElseThrow().result();
		assertEquals(withoutSearchIds(expected.windows()), withoutSearchIds(result.windows()));
		assertArrayEquals(expected.stitchedEquity(), result.stitchedEquity());
		assertEquals(figures(whole.rows()), figures(end.rows()));
		assertNotEquals(0, end.rows().size());
	}

	@Test
	void aWalkForwardRowShowsAndBacktestsAgainWhatItsWindowTestedOutOfSample() throws Exception {
		RunHandle run = service.start(walkForward());
		RunOutcome outcome = run.completion().get(120, TimeUnit.SECONDS);
		assertEquals(RunState.COMPLETED, outcome.state(), outcome.message());
		var result = service.walkForward(run.id()).orElseThrow().result();
		assertNotEquals(0, outcome.rows().size());
		int stitchedFrom = 0;
		for (ResultRow row : outcome.rows()) {
			int outBars = row.measuredSeries().size();
			assertEquals(2_000, outBars, "the row's bars are its window's out-of-sample bars");
			assertEquals(6_000, row.warmUpBars(), "after its in-sample bars");
			BacktestResult detail = service.detail(row).get(60, TimeUnit.SECONDS);
			assertEquals(outBars, detail.barsProcessed());
			assertArrayEquals(Arrays.copyOfRange(result.stitchedEquity(), stitchedFrom, stitchedFrom + outBars),
					detail.equity(), "its equity is its window's part of the stitched curve");
			assertEquals(row.figure(SweepMetrics.FINAL_EQUITY), detail.finalEquity(), 1e-9);
			assertEquals(row.figure(SweepMetrics.TRADES), detail.trades().size());
			long firstOut = row.measuredSeries().timestamps()[0];
			assertTrue(detail.trades().stream().allMatch(t -> t.entryTime() >= firstOut), "no trade in the warm-up");

			RunOutcome again = service.again(row).completion().get(60, TimeUnit.SECONDS);
			ResultRow repeated = again.rows().get(0);
			assertEquals(RunKind.BACKTEST, repeated.kind());
			assertEquals(row.parameters(), repeated.parameters());
			assertEquals(row.figure(SweepMetrics.FINAL_EQUITY), repeated.figure("final_equity"), 1e-9,
					"backtested again, the same window gives the same figures");
			assertEquals(row.figure(SweepMetrics.TRADES), repeated.figure("trade_count"));
			stitchedFrom += outBars;
		}
	}

	/**
	 * Another Backstop as the cluster gives one to a search on the cluster (a {@link RangeWorker} of a
	 * {@link RangeExecutor} service): here this JVM's own sweep service evaluates its ranges.
	 */
	private static final class InProcessMember implements RangeWorker {
		private final RangeEvaluator evaluator;
		private final AtomicLong ranges;

		InProcessMember(SweepService sweeps, SweepSpec spec, AtomicLong ranges) {
			this.evaluator = sweeps.rangeEvaluator(spec.withWorkers(1));
			this.ranges = ranges;
		}

		@Override
		public String name() {
			return "in-process member";
		}

		@Override
		public int cores() {
			return 2;
		}

		@Override
		public boolean evaluate(long from, long to, RowSink sink, CancellationToken cancel) {
			ranges.incrementAndGet();
			return evaluator.evaluate(from, to, sink, cancel);
		}

		@Override
		public void close() {
			evaluator.close();
		}
	}

	@Test
	void aSearchAndAWalkForwardOnTheClusterSendPointsToItsMembersWithTheResultsOfALocalRun() throws Exception {
		SweepService sweeps = RunServiceIT.waitFor(context, SweepService.class);
		AtomicLong ranges = new AtomicLong();
		ServiceRegistration<RangeExecutor> member = context.registerService(RangeExecutor.class,
				(sweepId, spec) -> List.of(new InProcessMember(sweeps, spec, ranges)), null);
		try {
			RunOutcome local = service.start(search(120)).completion().get(120, TimeUnit.SECONDS);
			RunHandle onCluster = service.start(search(120).toBuilder().cluster(true).build());
			assertTrue(onCluster.request().cluster());
			RunOutcome distributed = onCluster.completion().get(120, TimeUnit.SECONDS);
			assertEquals(RunState.COMPLETED, distributed.state(), distributed.message());
			assertEquals(figures(local.rows()), figures(distributed.rows()));
			assertTrue(ranges.get() > 0, "the member evaluated points");
			Map<String, Long> byMember = distributed.progress().doneByMember();
			assertTrue(byMember.getOrDefault("in-process member", 0L) > 0, byMember.toString());
			assertEquals(distributed.progress().done(), byMember.values().stream().mapToLong(Long::longValue).sum(),
					"every evaluation counted once, where it ran: " + byMember);

			long before = ranges.get();
			RunOutcome walk = service.start(walkForward().toBuilder().cluster(true).build()).completion().get(120,
					TimeUnit.SECONDS);
			assertEquals(RunState.COMPLETED, walk.state(), walk.message());
			assertEquals(figures(service.start(walkForward()).completion().get(120, TimeUnit.SECONDS).rows()),
					figures(walk.rows()));
			assertTrue(ranges.get() > before, "each window's points went to the member too");
		} finally {
			member.unregister();
		}
	}

	private static List<?> figures(List<ResultRow> rows) {
		return rows.stream().map(r -> List.of(r.parameters(), r.figures(), r.status())).toList();
	}

	private static List<WalkForwardWindow> withoutSearchIds(List<WalkForwardWindow> windows) {
		return windows.stream().map(w -> new WalkForwardWindow(w.index(), w.inFrom(), w.inTo(), w.outTo(), "", w.parameters(),
				w.inObjective(), w.outObjective(), w.inAnnualReturn(), w.outAnnualReturn(), w.outMetrics(), w.capital())).toList();
	}
}
