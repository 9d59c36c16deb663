package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product with its window, on the X display the tests run under. */
class ProductWindowTest {

	/** Where the menu bar's titles sit, from the left edge of the window. */
	private static final int FILE_MENU_X = 19;
	private static final int HELP_MENU_X = 103;

	@TempDir
	Path workspace;

	@Test
	void mainWindowOpensAboutListsTheBundlesAndExitShutsDownCleanly() throws Exception {
		Assumptions.assumeTrue(X11.available(), "no DISPLAY: run the tests under xvfb-run");
		Path screenshots = Files.createDirectories(RunningProduct.outputDirectory().resolve("screenshots"));
		try (RunningProduct product = RunningProduct.start("window-smoke", workspace)) {
			String window = X11.awaitWindow("^Backstop ?$", Duration.ofSeconds(90));
			Thread.sleep(1500);
			X11.screenshot(screenshots.resolve("backstop-main-window.png"));

			String about = X11.firstMenuItem(window, HELP_MENU_X, "^About Backstop ?$");
			Thread.sleep(500);
			X11.screenshot(screenshots.resolve("backstop-about.png"));
			X11.key(about, "Return");
			assertTrue(X11.windowGone("^About Backstop ?$", Duration.ofSeconds(10)), "About closes with OK");

			X11.firstMenuItem(window, FILE_MENU_X);
			assertEquals(0, product.awaitExit(Duration.ofSeconds(30)), "exit status after File > Exit");
		}
		assertTrue(Files.size(screenshots.resolve("backstop-main-window.png")) > 0);
	}
}
