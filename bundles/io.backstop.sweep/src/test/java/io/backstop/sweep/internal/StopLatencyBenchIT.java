package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;

/**
 * Stop latency through the real coordinator inside Equinox: 100 emergency stops of full-load
 * sweeps, from {@code requestStop} to the last worker halted. A benchmark, not a test: skipped
 * unless the OSGi test JVM gets {@code -Dsweep.bench=true} (see BENCHMARK.md).
 */
@EnabledIfSystemProperty(named = "sweep.bench", matches = "true")
class StopLatencyBenchIT {

	@Test
	void stopLatencyOverOneHundredStops() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(StopLatencyBenchIT.class).getBundleContext();
		ServiceTracker<EmergencyStop, EmergencyStop> t1 = new ServiceTracker<>(context, EmergencyStop.class, null);
		ServiceTracker<SweepService, SweepService> t2 = new ServiceTracker<>(context, SweepService.class, null);
		t1.open();
		t2.open();
		EmergencyStop estop = t1.waitForService(10_000);
		SweepService service = t2.waitForService(10_000);
		assertNotNull(estop);
		assertNotNull(service);
		SweepEngine engine = ((SweepServiceComponent) service).engine();

		OhlcvSeries series = SyntheticSeries.generate(42, 125_000);
		int cores = Runtime.getRuntime().availableProcessors();
		SweepSpec spec = SweepSpec.builder("bollinger_zscore", series).range("bb_period", 10, 50, 1)
				.range("entry_z", 1.0, 3.0, 0.5).values("k_sl", 0.5, 1, 1.5, 2, 3, 4)
				.settings(BollingerZscoreKernel.REFERENCE_SETTINGS).workers(cores).build();
		int stops = Integer.getInteger("sweep.bench.stops", 100);
		double[] toHalted = new double[stops];
		double[] toReport = new double[stops];
		double[] step = new double[stops];
		Random random = new Random(1);
		for (int i = -5; i < stops; i++) {
			estop.reset();
			SweepRun run = engine.run(service.start(spec).id()).orElseThrow();
			while (run.status().combosDone() < cores) {
				Thread.onSpinWait();
			}
			Thread.sleep(5 + random.nextInt(40));
			long t0 = System.nanoTime();
			StopReport report = estop.requestStop(StopRequest.of("latency benchmark", "StopLatencyBenchIT")).get(10,
					TimeUnit.SECONDS);
			long t1Nanos = System.nanoTime();
			assertEquals(SweepState.STOPPED, run.completion().get(10, TimeUnit.SECONDS).state());
			if (i >= 0) {
				toHalted[i] = (run.lastWorkerExitNanos() - t0) / 1e6;
				toReport[i] = (t1Nanos - t0) / 1e6;
				step[i] = report.steps().stream().filter(s -> s.id().equals("sweep.halt")).findFirst().orElseThrow()
						.durationMillis();
			}
		}
		estop.reset();
		Arrays.sort(toHalted);
		Arrays.sort(toReport);
		Arrays.sort(step);
		System.out.printf("STOP LATENCY (real coordinator, Equinox) over %d stops, %d workers, %,d bars per combination:%n",
				stops, cores, series.size());
		System.out.printf("  requestStop -> last worker halted: median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
				pct(toHalted, 50), pct(toHalted, 90), pct(toHalted, 99), toHalted[stops - 1]);
		System.out.printf("  sweep.halt step duration: median %.0f ms, p99 %.0f ms%n", pct(step, 50), pct(step, 99));
		System.out.printf("  requestStop -> full report (every registered step, memory measured): median %.1f ms, p99 %.1f ms%n",
				pct(toReport, 50), pct(toReport, 99));
	}

	private static double pct(double[] sorted, double p) {
		int rank = (int) Math.ceil(p / 100 * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}
}
