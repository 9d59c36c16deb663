package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The product started headless, driven through the OSGi console as a script would. */
class HeadlessProductTest {

	private static final List<String> BUNDLES = List.of("io.backstop.app", "io.backstop.backtest", "io.backstop.console",
			"io.backstop.data", "io.backstop.estop", "io.backstop.estop.api", "io.backstop.gpu", "io.backstop.indicators",
			"io.backstop.llm", "io.backstop.memory", "io.backstop.sweep");

	@TempDir
	Path workspace;

	@Test
	void everyBackstopBundleIsActiveAndComponentsSatisfiedThenItExitsCleanly() throws Exception {
		try (RunningProduct product = RunningProduct.start("headless-smoke", workspace, "-application",
				"io.backstop.console.headless", "-Djava.awt.headless=true")) {
			product.awaitOutput(out -> out.contains("g! "), Duration.ofSeconds(90), "the console prompt");

			product.type("lb -s io.backstop");
			String bundles = product.awaitOutput(out -> BUNDLES.stream().allMatch(out::contains), Duration.ofSeconds(20),
					"every io.backstop bundle listed");
			for (String bundle : BUNDLES) {
				Matcher line = Pattern.compile("(?m)^\\s*\\d+\\|(\\w+)\\s*\\|\\s*\\d+\\|" + Pattern.quote(bundle) + " ")
						.matcher(bundles);
				assertTrue(line.find(), bundle + " listed by lb:\n" + bundles);
				assertEquals("Active", line.group(1), bundle + " state");
			}

			product.type("scr:list");
			String components = product.awaitOutput(out -> out.contains("EmergencyStopCoordinator"), Duration.ofSeconds(20),
					"the coordinator among the DS components");
			Matcher coordinator = Pattern.compile("EmergencyStopCoordinator in bundle.*\\R\\s*Id: \\d+, State:(\\w+)")
					.matcher(components);
			assertTrue(coordinator.find(), components);
			assertTrue(List.of("ACTIVE", "SATISFIED").contains(coordinator.group(1)), "coordinator " + coordinator.group(1));
			assertFalse(components.contains("State:UNSATISFIED"), "no component unsatisfied:\n" + components);

			product.type("close");
			product.type("y");
			assertEquals(0, product.awaitExit(Duration.ofSeconds(30)), "exit status after close");
		}
	}
}
