package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./backstop --estop} and {@code ./backstop --attach} from another terminal against the
 * headless product: the stop halts a running sweep and prints the console's report, a console
 * attaches through the workspace's owner-only socket, no TCP port is opened, and once the product
 * has ended the stop says in one line that nothing runs there.
 */
class ExternalStopTest {

	private static final Duration COMMAND = Duration.ofSeconds(30);
	private static final Duration CLIENT = Duration.ofSeconds(60);
	private static final String LONG_SWEEP = "backstop:sweep bollinger_zscore bb_period=10:300:1 entry_z=0.5:5:0.05 k_sl=0.5:5:0.5 --every 0.2";

	@TempDir
	Path workspace;

	@Test
	void estopFromAnotherTerminalHaltsTheSweepAndPrintsTheReport() throws Exception {
		try (RunningProduct product = RunningProduct.startHeadless("external-estop", workspace)) {
			product.awaitOutput(out -> out.contains(RunningProduct.PROMPT), Duration.ofSeconds(90), "the console prompt");
			assertTrue(product.run("backstop:load", COMMAND).startsWith("Loaded BTCUSDT_5m: 25,920 bars"));
			String started = product.run(LONG_SWEEP, COMMAND);
			Matcher start = Pattern.compile("Sweep (\\S+) started: bollinger_zscore on BTCUSDT_5m, ([\\d,]+) combos").matcher(started);
			assertTrue(start.find(), started);
			String id = start.group(1);
			Pattern progress = Pattern.compile("sweep " + Pattern.quote(id) + ": RUNNING ([1-9][\\d,]*) of ");
			product.awaitOutput(out -> progress.matcher(out).find(), COMMAND, "a progress line with combinations done");

			Path socket = workspace.resolve(".metadata/.backstop/control.sock");
			assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())));
			assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
			assertEquals(List.of(), product.listeningSockets(), "TCP and UDP ports the product listens on");

			BackstopScript.Result stop = BackstopScript.run("", CLIENT, "--estop", "-data", workspace.toString());
			assertEquals(0, stop.status(), stop.toString());
			assertEquals("", stop.err(), stop.toString());
			assertTrue(stop.out().startsWith("Emergency stop "), stop.toString());
			assertTrue(stop.out().lines().findFirst().orElseThrow().contains(" by terminal (backstop --estop): "), stop.toString());
			List<List<String>> rows = ConsoleTables.rows(stop.out(), "order", "step", "status", "duration", "released", "detail");
			List<String> halt = rows.stream().filter(row -> row.get(1).equals("sweep.halt")).findFirst().orElseThrow();
			assertEquals("CLEANED", halt.get(2), stop.out());
			assertTrue(halt.get(5).startsWith("halted 1 sweep;"), stop.out());
			assertTrue(Pattern.compile("(?m)^Stop complete: new work blocked after [\\d.,]+ ms, last work halted after [\\d.,]+ ms; \\d+ components cleaned").matcher(stop.out()).find(), stop.out());
			System.out.println("./backstop --estop with a sweep running: " + stop.took().toMillis() + " ms end to end; "
					+ stop.out().lines().findFirst().orElseThrow());

			// the sweep's own console says it stopped, and stays stopped
			Pattern stopped = Pattern.compile("sweep " + Pattern.quote(id) + ": STOPPED ([\\d,]+) of ([\\d,]+) combos");
			product.awaitOutput(out -> stopped.matcher(out).find(), COMMAND, "the sweep's STOPPED line");

			// the report as JSON alone
			BackstopScript.Result json = BackstopScript.run("", CLIENT, "--estop", "--json", "-data", workspace.toString());
			assertEquals(0, json.status(), json.toString());
			assertTrue(json.out().startsWith("{") && json.out().strip().endsWith("}"), json.toString());
			assertTrue(json.out().contains("\"requestedBy\": \"terminal\""), json.toString());

			// a console on the running instance: commands in, their output out
			BackstopScript.Result attached = BackstopScript.run("estop:status\nbackstop:jobs --all\n", CLIENT, "--attach",
					"-data", workspace.toString());
			assertEquals(0, attached.status(), attached.toString());
			assertTrue(attached.out().contains("signal: RAISED"), attached.toString());
			assertTrue(Pattern.compile("(?m)^" + Pattern.quote(id) + " +sweep +bollinger_zscore +STOPPED ").matcher(attached.out()).find(),
					attached.toString());
			HeadlessProductTest.assertNoStackTrace(attached.out());

			product.endInput();
			assertEquals(0, product.awaitExit(Duration.ofSeconds(60)), "exit status at the end of input");
		}
		assertFalse(Files.exists(workspace.resolve(".metadata/.backstop/control.sock")), "the socket is removed at shutdown");
		BackstopScript.Result none = BackstopScript.run("", CLIENT, "--estop", "-data", workspace.toString());
		assertEquals(1, none.status(), none.toString());
		assertEquals("backstop: no Backstop is running on workspace " + workspace + "\n", none.err());
		assertEquals("", none.out());
	}

	@Test
	void theTelnetConsoleOptionIsGone() throws Exception {
		BackstopScript.Result result = BackstopScript.run("", CLIENT, "--headless", "--console-port", "5555");
		assertEquals(2, result.status(), result.toString());
		assertEquals("backstop: --console-port is gone: the console opens no network port; use ./backstop --attach for a console on a running Backstop\n",
				result.err());
	}
}
