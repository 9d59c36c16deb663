package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import io.backstop.estop.api.Workspace;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.data.OhlcvCsv;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;

/**
 * The control socket inside Equinox, wired by DS to the real coordinator and sweep service: the
 * client, as {@code ./backstop --estop} runs it, halts a running sweep while an SWT display
 * thread is blocked in a runnable, as a frozen IDE's would be; a console attached through the
 * socket runs Gogo commands.
 */
class ControlSocketIT {

	private BundleContext context;
	private EmergencyStop emergencyStop;
	private RunService runs;
	private Path workspace;

	@BeforeEach
	void findServices() throws Exception {
		context = FrameworkUtil.getBundle(ControlSocketIT.class).getBundleContext();
		emergencyStop = waitFor(EmergencyStop.class);
		runs = waitFor(RunService.class);
		emergencyStop.reset();
		workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA)).directory();
		assertNotNull(workspace, "the test runtime has a workspace");
		for (int i = 0; i < 100 && !Files.exists(ControlSocket.path(workspace)); i++) {
			Thread.sleep(100);
		}
		assertTrue(Files.exists(ControlSocket.path(workspace)), "DS opened the control socket in " + workspace);
	}

	@AfterEach
	void cleanUp() throws Exception {
		for (RunHandle run : runs.runs()) {
			run.cancel();
			run.completion().get(10, TimeUnit.SECONDS);
		}
		emergencyStop.reset();
	}

	private <T> T waitFor(Class<T> type) throws InterruptedException {
		ServiceTracker<T, T> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		T found = tracker.waitForService(10_000);
		assertNotNull(found, type.getSimpleName() + " was not registered by DS");
		return found;
	}

	@Test
	void estopThroughTheSocketHaltsASweepWhileTheDisplayThreadIsBlocked() throws Exception {
		Assumptions.assumeTrue(System.getenv("DISPLAY") != null, "no DISPLAY: run the tests under xvfb-run");
		CountDownLatch displayBlocked = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Thread ui = new Thread(() -> {
			Display display = new Display();
			try {
				display.asyncExec(() -> {
					displayBlocked.countDown();
					try {
						release.await();
					} catch (InterruptedException e) {
						Thread.currentThread().interrupt();
					}
				});
				while (release.getCount() > 0) {
					if (!display.readAndDispatch()) {
						display.sleep();
					}
				}
			} finally {
				display.dispose();
			}
		}, "test-display");
		ui.start();
		try {
			assertTrue(displayBlocked.await(30, TimeUnit.SECONDS), "the display thread runs the blocking runnable");
			Path bars = Files.createTempFile("synthetic", ".csv");
			OhlcvCsv.write(SyntheticSeries.generate(11, 60_000), bars);
			runs.open(bars);
			RunHandle sweep = runs.start(RunRequest.builder(RunKind.SWEEP, "bollinger_zscore").parameter("bb_period", "10:50:5")
					.parameter("entry_z", "1:3:0.01").parameter("k_sl", "0.5,1,1.5,2,3,4").build());
			while (sweep.progress().done() < 5) {
				Thread.sleep(5);
			}

			ByteArrayOutputStream out = new ByteArrayOutputStream();
			ByteArrayOutputStream err = new ByteArrayOutputStream();
			int status = ControlClient.run(new String[] { "estop", workspace.toString() }, new ByteArrayInputStream(new byte[0]),
					new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
			String report = out.toString(StandardCharsets.UTF_8);

			assertEquals(Thread.State.WAITING, ui.getState(), "the display thread is still blocked");
			assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
			assertTrue(report.lines().findFirst().orElseThrow().contains(" by terminal (backstop --estop): "), report);
			String halt = report.lines().filter(l -> l.contains(" sweep.halt ")).findFirst().orElseThrow();
			assertTrue(halt.matches("\\s*100\\s+sweep\\.halt\\s+CLEANED\\s+.*halted 1 sweep;.*"), halt);
			assertEquals(RunState.STOPPED, sweep.completion().get(10, TimeUnit.SECONDS).state());
			assertTrue(sweep.progress().done() < sweep.progress().total(), "halted part way");
		} finally {
			release.countDown();
			ui.join(10_000);
		}
	}

	@Test
	void anAttachedConsoleRunsCommandsAndDetachesAtTheEndOfItsInput() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		String script = "estop:status\nestop:reset now\nno:such-command\n";
		int status = ControlClient.run(new String[] { "attach", workspace.toString() },
				new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)), new PrintStream(out, true, StandardCharsets.UTF_8),
				new PrintStream(err, true, StandardCharsets.UTF_8));
		String console = out.toString(StandardCharsets.UTF_8);
		assertEquals(0, status, err.toString(StandardCharsets.UTF_8));
		List<String> lines = console.lines().toList();
		assertTrue(lines.get(0).startsWith("Backstop console attached: "), console);
		assertTrue(console.contains("g! signal: lowered\nstop running: no\n"), console);
		assertTrue(console.contains("g! estop:reset: unexpected argument 'now'\nusage: estop:reset\n"), console);
		assertTrue(console.contains("g! Command not found: no:such-command"), console);
		assertTrue(console.endsWith(ControlSocketListener.PROMPT), console);
	}
}
