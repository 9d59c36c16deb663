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
 * halted by the toolbar button, Reset, a sweep halted by Ctrl+F2, About and Exit. What the
 * widgets show is asserted by the UI tests of io.backstop.app; here the workspace the product
 * writes (stop history, sweep checkpoints) proves the wiring, and screenshots record the views.
 */
class ProductWindowTest {

	/** Where things sit, from the window's top-left corner (window 1260 x 990 at 0,0, no window manager). */
	private static final int FILE_MENU_X = 19;
	private static final int RUN_MENU_X = 59;
	private static final int HELP_MENU_X = 103;
	private static final int FIRST_ITEM_Y = 37;
	private static final int SECOND_ITEM_Y = 62;
	private static final int EXIT_ITEM_Y = 88;
	private static final int[] TOOLBAR_STOP = { 22, 40 };
	private static final int[] RESULTS_TAB = { 434, 72 };
	private static final int[] SWEEP_MODE = { 80, 269 };
	private static final int[] RUN_BUTTON = { 68, 544 };
	private static final int[] BB_PERIOD_STOP = { 214, 340 };
	private static final int[] BB_PERIOD_STEP = { 305, 340 };
	private static final int[] K_SL_STOP = { 214, 444 };
	private static final int[] K_SL_STEP = { 305, 444 };
	private static final int[] RESET_BUTTON = { 1084, 602 };
	private static final int[] VIEW_TOOLBAR_STOP = { 1172, 561 };
	private static final int[] RESTING_POINTER = { 700, 975 };

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
			X11.screenshot(screenshots.resolve("backstop-main-window.png"));

			// a backtest of the default strategy on the sample data, shown in Results
			click(window, RUN_BUTTON);
			Thread.sleep(2500);
			click(window, RESULTS_TAB);
			rest(window);
			X11.screenshot(screenshots.resolve("backstop-workbench-after-backtest.png"));

			// a sweep of about 2 million combinations, halted by the toolbar button
			click(window, SWEEP_MODE);
			X11.typeInto(window, BB_PERIOD_STOP[0], BB_PERIOD_STOP[1], "1000");
			X11.typeInto(window, BB_PERIOD_STEP[0], BB_PERIOD_STEP[1], "1");
			X11.typeInto(window, K_SL_STOP[0], K_SL_STOP[1], "40");
			X11.typeInto(window, K_SL_STEP[0], K_SL_STEP[1], "0.1");
			Path first = startSweep(window, 1);
			Thread.sleep(1500);
			rest(window);
			X11.screenshot(screenshots.resolve("backstop-sweep-running.png"));
			click(window, TOOLBAR_STOP);
			String text = awaitReports(history, 1, Duration.ofSeconds(30));
			assertEquals(List.of("workbench"), all(REQUESTED_BY, text));
			assertTrue(all(STEP_ID, text).containsAll(List.of("sweep.halt", "llm.agents", "memory.gc")), text);
			assertEquals("STOPPED", awaitCheckpointState(first, Duration.ofSeconds(10)), "the toolbar button halted the sweep");
			Thread.sleep(1500);
			rest(window);
			X11.screenshot(screenshots.resolve("backstop-emergency-stop-view.png"));

			// Reset lets work run again: the same sweep again, halted by Ctrl+F2 this time
			click(window, RESET_BUTTON);
			Thread.sleep(800);
			Path second = startSweep(window, 2);
			Thread.sleep(1500);
			X11.key(window, "ctrl+F2");
			text = awaitReports(history, 2, Duration.ofSeconds(30));
			assertEquals(List.of("workbench", "workbench"), all(REQUESTED_BY, text));
			assertEquals("STOPPED", awaitCheckpointState(second, Duration.ofSeconds(10)), "Ctrl+F2 halted the second sweep");
			Thread.sleep(1500);
			rest(window);
			X11.screenshot(screenshots.resolve("backstop-emergency-stop-ctrl-f2.png"));

			// the other ways in: Run > Reset Emergency Stop, the view's toolbar button, Run > Emergency Stop
			X11.menuItem(window, RUN_MENU_X, SECOND_ITEM_Y);
			Thread.sleep(800);
			Path third = startSweep(window, 3); // Run works again: the menu's Reset did
			Thread.sleep(1000);
			click(window, VIEW_TOOLBAR_STOP);
			text = awaitReports(history, 3, Duration.ofSeconds(30));
			assertEquals("STOPPED", awaitCheckpointState(third, Duration.ofSeconds(10)), "the view's button halted it");
			click(window, RESET_BUTTON);
			Thread.sleep(800);
			X11.menuItem(window, RUN_MENU_X, FIRST_ITEM_Y);
			text = awaitReports(history, 4, Duration.ofSeconds(30));
			assertEquals(4, all(REQUESTED_BY, text).size(), text);

			String about = X11.firstMenuItem(window, HELP_MENU_X, "^About Backstop ?$");
			Thread.sleep(500);
			X11.screenshot(screenshots.resolve("backstop-about.png"));
			X11.key(about, "Return");
			assertTrue(X11.windowGone("^About Backstop ?$", Duration.ofSeconds(10)), "About closes with OK");

			X11.menuItem(window, FILE_MENU_X, EXIT_ITEM_Y);
			assertEquals(0, product.awaitExit(Duration.ofSeconds(30)), "exit status after File > Exit");
		}
		for (String name : List.of("backstop-main-window.png", "backstop-workbench-after-backtest.png",
				"backstop-emergency-stop-view.png", "backstop-emergency-stop-ctrl-f2.png")) {
			assertTrue(Files.size(screenshots.resolve(name)) > 0, name);
		}
	}

	private static void click(String window, int[] point) throws IOException, InterruptedException {
		X11.click(window, point[0], point[1]);
	}

	private static void rest(String window) throws IOException, InterruptedException {
		X11.hover(window, RESTING_POINTER[0], RESTING_POINTER[1]);
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
	private Path startSweep(String window, int n) throws IOException, InterruptedException {
		for (int attempt = 1; attempt < 3; attempt++) {
			click(window, RUN_BUTTON);
			try {
				return awaitSweepDirectory(n, Duration.ofSeconds(8));
			} catch (AssertionError notYet) {
				// pressed too early: try again
			}
		}
		click(window, RUN_BUTTON);
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
