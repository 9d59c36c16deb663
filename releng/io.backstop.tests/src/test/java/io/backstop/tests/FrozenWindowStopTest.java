package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.jdi.Bootstrap;
import com.sun.jdi.ThreadReference;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.connect.AttachingConnector;
import com.sun.jdi.connect.Connector;

/**
 * The IDE frozen: the product with its window, its UI thread suspended through the Java debug
 * interface (as a deadlock or an endless loop on the display thread would hold it), a sweep
 * running. {@code ./backstop --estop} from another terminal still halts the sweep and prints the
 * report, while the UI thread stays suspended throughout.
 */
class FrozenWindowStopTest {

	private static final Duration CLIENT = Duration.ofSeconds(60);
	private static final Pattern DEBUG_PORT = Pattern.compile("Listening for transport dt_socket at address: (\\d+)");

	@TempDir
	Path workspace;

	@Test
	void estopHaltsASweepWhileTheUiThreadIsFrozen() throws Exception {
		Assumptions.assumeTrue(X11.available(), "no DISPLAY: run the tests under xvfb-run");
		try (RunningProduct product = RunningProduct.start("frozen-window-estop", workspace,
				List.of("-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:0"))) {
			X11.awaitWindow("^Backstop ?$", Duration.ofSeconds(90));

			// a long sweep, started through a console attached to the running IDE
			BackstopScript.Result started = BackstopScript.run(
					"backstop:load\nbackstop:sweep bollinger_zscore bb_period=10:300:1 entry_z=0.5:5:0.05 k_sl=0.5:5:0.5 --quiet\n",
					CLIENT, "--attach", "-data", workspace.toString());
			assertEquals(0, started.status(), started.toString());
			assertTrue(started.out().contains("Sweep ") && started.out().contains(" started: bollinger_zscore on BTCUSDT_5m"),
					started.toString());
			Matcher resultsLine = Pattern.compile("(?m)^results: (.+results\\.csv)$").matcher(started.out());
			assertTrue(resultsLine.find(), started.toString());
			Path results = awaitResults(Path.of(resultsLine.group(1)));

			Matcher port = DEBUG_PORT.matcher(product.awaitOutput(out -> DEBUG_PORT.matcher(out).find(),
					Duration.ofSeconds(10), "the debug port"));
			assertTrue(port.find());
			VirtualMachine vm = attach(Integer.parseInt(port.group(1)));
			try {
				ThreadReference ui = vm.allThreads().stream().filter(t -> t.name().equals("main")).findFirst().orElseThrow();
				ui.suspend();
				String stack = ui.frames().stream().map(f -> f.location().declaringType().name()).toList().toString();
				assertTrue(stack.contains("org.eclipse.swt.widgets.Display"), "the main thread runs the SWT display: " + stack);

				BackstopScript.Result stop = BackstopScript.run("", CLIENT, "--estop", "-data", workspace.toString());
				assertTrue(ui.isSuspended(), "the UI thread stayed frozen during the stop");
				assertEquals(0, stop.status(), stop.toString());
				List<List<String>> rows = ConsoleTables.rows(stop.out(), "order", "step", "status", "duration", "released",
						"detail");
				List<String> halt = rows.stream().filter(row -> row.get(1).equals("sweep.halt")).findFirst().orElseThrow();
				assertEquals("CLEANED", halt.get(2), stop.out());
				assertTrue(halt.get(5).startsWith("halted 1 sweep;"), stop.out());
				assertEquals("STOPPED", checkpointState(results.getParent()), "the sweep's checkpoint");
				int lines = Files.readAllLines(results).size();
				Thread.sleep(1000);
				assertEquals(lines, Files.readAllLines(results).size(), "no result written after the stop");
				System.out.println("./backstop --estop with the UI thread frozen: " + stop.took().toMillis() + " ms end to end; "
					+ stop.out().lines().findFirst().orElseThrow());
				ui.resume();
			} finally {
				vm.dispose();
			}
		}
	}

	private static VirtualMachine attach(int port) throws Exception {
		AttachingConnector connector = Bootstrap.virtualMachineManager().attachingConnectors().stream()
				.filter(c -> c.name().equals("com.sun.jdi.SocketAttach")).findFirst().orElseThrow();
		Map<String, Connector.Argument> arguments = connector.defaultArguments();
		arguments.get("hostname").setValue("127.0.0.1");
		arguments.get("port").setValue(Integer.toString(port));
		return connector.attach(arguments);
	}

	/** The sweep's results file once it holds a computed combination (a header and a line). */
	private static Path awaitResults(Path results) throws Exception {
		Instant deadline = Instant.now().plusSeconds(30);
		while (Instant.now().isBefore(deadline)) {
			if (Files.isRegularFile(results)) {
				try (Stream<String> lines = Files.lines(results)) {
					if (lines.count() > 1) {
						return results;
					}
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the sweep wrote no result to " + results);
	}

	private static String checkpointState(Path sweep) throws Exception {
		return Files.readAllLines(sweep.resolve("checkpoint.properties")).stream().filter(l -> l.startsWith("state="))
				.map(l -> l.substring("state=".length())).findFirst().orElse("");
	}
}
