package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.backtest.RunSettings;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.optimise.OptimiseService;
import io.backstop.optimise.OverfitReport;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;

/** The optimisation service inside Equinox, wired by DS, its searches halted by the real emergency stop. */
class OptimiseIT {

	private static final OhlcvSeries SERIES = SyntheticSeries.generate(5, 30_000);

	private EmergencyStop emergencyStop;
	private OptimiseService service;
	private SweepService sweeps;

	@BeforeEach
	void findServices() throws InterruptedException {
		BundleContext context = FrameworkUtil.getBundle(OptimiseIT.class).getBundleContext();
		emergencyStop = waitFor(context, EmergencyStop.class);
		service = waitFor(context, OptimiseService.class);
		sweeps = waitFor(context, SweepService.class);
		emergencyStop.reset();
	}

	private static <T> T waitFor(BundleContext context, Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(10_000);
		assertNotNull(found, type.getSimpleName() + " was not registered by DS");
		return found;
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (SearchHandle h : service.searches()) {
			h.cancel();
			h.completion().get(10, TimeUnit.SECONDS);
		}
		emergencyStop.reset();
	}

	private static SearchSpec spec(SearchMethod method) {
		return new SearchSpec("ema_crossover", SERIES, List.of(), RunSettings.defaults(),
				Objective.maximize(SweepMetrics.SHARPE), method, 100_000, 9, 0);
	}

	private static void awaitEvaluations(SearchHandle h, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (h.status().evaluations() < count) {
			assertEquals(SearchState.RUNNING, h.status().state(), h.status().message());
			assertTrue(System.nanoTime() < deadline, "waited a minute for " + count + " evaluations of " + h.id());
			Thread.sleep(2);
		}
	}

	@Test
	void theEmergencyStopHaltsEverySearchAndResumeContinuesThem() throws Exception {
		List<SearchHandle> handles = List.of(service.start(spec(SearchMethod.GENETIC)),
				service.start(spec(SearchMethod.CMAES)), service.start(spec(SearchMethod.RANDOM)));
		for (SearchHandle h : handles) {
			awaitEvaluations(h, 10);
		}
		StopReport report = emergencyStop.requestStop(StopRequest.of("test", "OptimiseIT")).get(10, TimeUnit.SECONDS);
		StepReport step = report.steps().stream().filter(s -> s.id().equals(OptimiseService.HALT_STEP_ID)).findFirst()
				.orElseThrow();
		assertEquals(StepStatus.CLEANED, step.status(), step.result().detail());
		assertEquals(3L, step.result().counters().get("runs.halted"));
		System.out.printf("%s: %s; work halted after %s, step %d ms%n", step.id(), step.result().detail(),
				StopReport.millis(report.workHaltedAfter()), step.durationMillis());
		assertTrue(report.workHaltedAfter().toMillis() < 1000, "halted within a second");
		for (SearchHandle h : handles) {
			SearchStatus s = h.status();
			assertEquals(SearchState.STOPPED, s.state());
			assertTrue(step.result().componentsCleaned().contains(h.id()));
			int kept = s.evaluations();
			Thread.sleep(50);
			assertEquals(kept, h.status().evaluations(), "nothing evaluated after the stop");
		}
		assertThrows(WorkRefusedException.class, () -> service.start(spec(SearchMethod.RANDOM)));
		assertThrows(WorkRefusedException.class, () -> service.resume(handles.get(0).id()));

		emergencyStop.reset();
		SearchHandle resumed = service.resume(handles.get(0).id());
		int before = handles.get(0).status().evaluations();
		awaitEvaluations(resumed, before + 5);
		assertEquals(handles.get(0).evaluations(), resumed.evaluations().subList(0, before),
				"the resumed search replays what was saved");
		resumed.cancel();
		assertEquals(SearchState.CANCELLED, resumed.completion().get(10, TimeUnit.SECONDS).state());
	}

	@Test
	void overfittingChecksOfAFinishedSweep() throws Exception {
		SweepSpec grid = SweepSpec.builder("sma_crossover", SERIES.slice(0, 6000)).range("fast_period", 5, 30, 5)
				.range("slow_period", 20, 80, 20).values("stop_loss_pct", 0).workers(2).build();
		SweepHandle sweep = sweeps.start(grid);
		sweep.completion().get(60, TimeUnit.SECONDS);
		OverfitReport report = service.overfit(sweep.id());
		assertEquals("sweep " + sweep.id(), report.subject());
		assertEquals(21, report.trials(), "6 x 4 combinations less 3 the strategy refuses (fast not below slow)");
		assertEquals(21, report.backtestOverfitting().trials());
		assertEquals(12_870, report.backtestOverfitting().combinations());
		double p = report.deflatedSharpe().probability();
		assertTrue(p >= 0 && p <= 1, "a probability: " + p);
		assertEquals(IllegalArgumentException.class,
				org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> service.overfit("nope")).getClass());
	}
}
