package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product with its window, on the X display the tests run under: a backtest, a sweep
 * halted by the toolbar button, Reset, a sweep halted by Ctrl+F2, About and Exit. Controls are
 * found by their ids or labels (the product's ui:locate console command says where they are on
 * the screen; menus by their mnemonics), never by positions measured on one machine. What the
 * widgets show is asserted by the UI tests of io.backstop.app; here the workspace the product
 * writes (stop history, sweep checkpoints) proves the wiring, and screenshots record the views.
 */
class ProductWindowTest {

	/** The product's answer to ui:locate: the centre of a control, in screen pixels. */
	private static final Pattern LOCATED = Pattern.compile("(?m)^(\\d+) (\\d+)$");

	private static final Pattern REQUESTED_BY = Pattern.compile("\"requestedBy\": \"([^\"]*)\"");
	private static final Pattern STEP_ID = Pattern.compile("\"id\": \"([a-z]+\\.[a-z.]+)\",\\s*\"label\"");

	@TempDir
	Path workspace;

	@Test
	void backtestSweepHaltedByToolbarAndCtrlF2ResetAboutAndExit() throws Exception {
		Assumptions.assumeTrue(X11.available(), "no DISPLAY: run the tests under xvfb-run");
		Path screenshots = Files.createDirectories(RunningProduct.outputDirectory().resolve("screenshots"));
		Path history = workspace.resolve(".metadata/.plugins/io.backstop.estop/stop-history.json");
		try (RunningProduct product = RunningProduct.start("window-smoke", workspace)) {
			String window = X11.awaitWindow("^Backstop ?$", Duration.ofSeconds(90));
			Thread.sleep(4000); // the sample data loads in a Job
			rest(product);
			X11.screenshot(screenshots.resolve("backstop-main-window.png"));

			// a backtest of the default strategy on the sample data, shown in Results
			click(product, "run.button");
			Thread.sleep(2500);
			click(product, "io.backstop.app.part.results");
			rest(product);
			X11.screenshot(screenshots.resolve("backstop-workbench-after-backtest.png"));

			// a sweep of about 2 million combinations, halted by the toolbar button
			click(product, "run.kind.sweep");
			X11.typeInto(locate(product, "parameter.bb_period"), "10:1000:1");
			X11.typeInto(locate(product, "parameter.k_sl"), "0.5:40:0.1");
			Path first = startSweep(product, 1);
			Thread.sleep(1500);
			rest(product);
			X11.screenshot(screenshots.resolve("backstop-sweep-running.png"));
			click(product, "io.backstop.app.toolitem.estop");
			String text = awaitReports(history, 1, Duration.ofSeconds(30));
			assertEquals(List.of("workbench"), all(REQUESTED_BY, text));
			assertTrue(all(STEP_ID, text).containsAll(List.of("sweep.halt", "llm.agents", "memory.gc")), text);
			assertEquals("STOPPED", awaitCheckpointState(first, Duration.ofSeconds(10)), "the toolbar button halted the sweep");
			Thread.sleep(1500);
			rest(product);
			X11.screenshot(screenshots.resolve("backstop-emergency-stop-view.png"));

			// Reset lets work run again: the same sweep again, halted by Ctrl+F2 this time
			click(product, "estop.reset");
			Thread.sleep(800);
			Path second = startSweep(product, 2);
			Thread.sleep(1500);
			X11.key(window, "ctrl+F2");
			text = awaitReports(history, 2, Duration.ofSeconds(30));
			assertEquals(List.of("workbench", "workbench"), all(REQUESTED_BY, text));
			assertEquals("STOPPED", awaitCheckpointState(second, Duration.ofSeconds(10)), "Ctrl+F2 halted the second sweep");
			Thread.sleep(1500);
			rest(product);
			X11.screenshot(screenshots.resolve("backstop-emergency-stop-ctrl-f2.png"));

			// the other ways in, by their labels' mnemonics: Run > Reset Emergency Stop, the view's
			// toolbar button, Run > Emergency Stop
			X11.menuItem(window, "alt+r", "r");
			Thread.sleep(800);
			Path third = startSweep(product, 3); // Run works again: the menu's Reset did
			Thread.sleep(1000);
			click(product, "io.backstop.app.part.estop.toolitem.estop");
			text = awaitReports(history, 3, Duration.ofSeconds(30));
			assertEquals("STOPPED", awaitCheckpointState(third, Duration.ofSeconds(10)), "the view's button halted it");
			click(product, "estop.reset");
			Thread.sleep(800);
			X11.menuItem(window, "alt+r", "e");
			text = awaitReports(history, 4, Duration.ofSeconds(30));
			assertEquals(4, all(REQUESTED_BY, text).size(), text);

			String about = X11.menuItem(window, "alt+h", "a", "^About Backstop ?$");
			Thread.sleep(500);
			X11.screenshot(screenshots.resolve("backstop-about.png"));
			X11.key(about, "Return");
			assertTrue(X11.windowGone("^About Backstop ?$", Duration.ofSeconds(10)), "About closes with OK");

			X11.menuItem(window, "alt+f", "x");
			assertEquals(0, product.awaitExit(Duration.ofSeconds(30)), "exit status after File > Exit");
		}
		for (String name : List.of("backstop-main-window.png", "backstop-workbench-after-backtest.png",
				"backstop-emergency-stop-view.png", "backstop-emergency-stop-ctrl-f2.png")) {
			assertTrue(Files.size(screenshots.resolve(name)) > 0, name);
		}
	}

	/** Where the control the product knows by {@code idOrLabel} is on the screen (the console's ui:locate). */
	private static X11.Point locate(RunningProduct product, String idOrLabel) throws IOException, InterruptedException {
		String answer = product.run("ui:locate " + idOrLabel, Duration.ofSeconds(10));
		Matcher point = LOCATED.matcher(answer);
		if (!point.find()) {
			throw new AssertionError("ui:locate " + idOrLabel + ": " + answer.strip());
		}
		return new X11.Point(Integer.parseInt(point.group(1)), Integer.parseInt(point.group(2)));
	}

	private static void click(RunningProduct product, String idOrLabel) throws IOException, InterruptedException {
		X11.click(locate(product, idOrLabel));
	}

	/** Rests the pointer on the status line, away from anything with a tooltip. */
	private static void rest(RunningProduct product) throws IOException, InterruptedException {
		X11.hover(locate(product, "io.backstop.app.trimbar.bottom"));
		Thread.sleep(700);
	}

	private static List<String> all(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		return matcher.results().map(r -> r.group(1)).toList();
	}

	/** The stop history once it holds {@code count} reports. */
	private static String awaitReports(Path history, int count, Duration timeout) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		String text = "";
		while (Instant.now().isBefore(deadline)) {
			if (Files.isRegularFile(history)) {
				text = Files.readString(history);
				if (all(REQUESTED_BY, text).size() >= count) {
					return text;
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("the stop history did not reach " + count + " report(s): " + text);
	}

	/** Presses Run until the {@code n}-th sweep starts (a busy machine may still be loading the data). */
	private Path startSweep(RunningProduct product, int n) throws IOException, InterruptedException {
		for (int attempt = 1; attempt < 3; attempt++) {
			click(product, "run.button");
			try {
				return awaitSweepDirectory(n, Duration.ofSeconds(8));
			} catch (AssertionError notYet) {
				// pressed too early: try again
			}
		}
		click(product, "run.button");
		return awaitSweepDirectory(n, Duration.ofSeconds(15));
	}

	/** The {@code n}-th sweep directory (by name: they start with the time), once it exists. */
	private Path awaitSweepDirectory(int n, Duration timeout) throws IOException, InterruptedException {
		Path sweeps = workspace.resolve("sweeps");
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (Files.isDirectory(sweeps)) {
				try (Stream<Path> dirs = Files.list(sweeps)) {
					List<Path> sorted = dirs.filter(Files::isDirectory).sorted().toList();
					if (sorted.size() >= n) {
						return sorted.get(n - 1);
					}
				}
			}
			Thread.sleep(200);
		}
		throw new AssertionError("no sweep number " + n + " started under " + sweeps);
	}

	/** The state its checkpoint records, once it records one other than RUNNING. */
	private static String awaitCheckpointState(Path sweep, Duration timeout) throws IOException, InterruptedException {
		Path checkpoint = sweep.resolve("checkpoint.properties");
		Instant deadline = Instant.now().plus(timeout);
		String state = "";
		while (Instant.now().isBefore(deadline)) {
			if (Files.isRegularFile(checkpoint)) {
				for (String line : Files.readAllLines(checkpoint)) {
					if (line.startsWith("state=")) {
						state = line.substring("state=".length());
					}
				}
				if (!state.isEmpty() && !state.equals("RUNNING")) {
					return state;
				}
			}
			Thread.sleep(200);
		}
		return state;
	}
}
