package io.backstop.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The X display the product draws on, driven with xdotool and photographed with ImageMagick. */
final class X11 {

	/** A point of the screen, in pixels from its top-left corner. */
	static final class Point {
		private final int x;
		private final int y;

		Point(int x, int y) {
			this.x = x;
			this.y = y;
		}

		int x() {
			return x;
		}

		int y() {
			return y;
		}
	}

	private X11() {
	}

	static boolean available() {
		return System.getenv("DISPLAY") != null;
	}

	/** The id of the first visible window whose title matches {@code titleRegex}, waiting for it. */
	static String awaitWindow(String titleRegex, Duration timeout) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			String ids = run("xdotool", "search", "--onlyvisible", "--name", titleRegex).trim();
			if (!ids.isEmpty()) {
				return ids.lines().findFirst().orElseThrow();
			}
			Thread.sleep(250);
		}
		throw new AssertionError("no visible window titled /" + titleRegex + "/ within " + timeout.toSeconds() + " s");
	}

	static boolean windowGone(String titleRegex, Duration timeout) throws IOException, InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			if (run("xdotool", "search", "--onlyvisible", "--name", titleRegex).isBlank()) {
				return true;
			}
			Thread.sleep(250);
		}
		return false;
	}

	/** Sends keys (xdotool key syntax, e.g. "alt+h") to the window. */
	static void key(String window, String... keys) throws IOException, InterruptedException {
		run("xdotool", "windowfocus", "--sync", window);
		List<String> command = new ArrayList<>(List.of("xdotool", "key", "--clearmodifiers", "--delay", "150"));
		command.addAll(List.of(keys));
		run(command.toArray(String[]::new));
	}

	/** Clicks at a point of the screen. */
	static void click(Point point) throws IOException, InterruptedException {
		run("xdotool", "mousemove", String.valueOf(point.x()), String.valueOf(point.y()), "click", "1");
		Thread.sleep(400);
	}

	/** Replaces the text of the field at a point: selects it all with a triple click and types. */
	static void typeInto(Point field, String text) throws IOException, InterruptedException {
		run("xdotool", "mousemove", String.valueOf(field.x()), String.valueOf(field.y()), "click", "--repeat", "3", "1");
		Thread.sleep(200);
		run("xdotool", "type", "--delay", "40", text);
		Thread.sleep(200);
	}

	/** Moves the pointer to a point without clicking (to keep tooltips out of screenshots). */
	static void hover(Point point) throws IOException, InterruptedException {
		run("xdotool", "mousemove", String.valueOf(point.x()), String.valueOf(point.y()));
	}

	/**
	 * Opens a menu of the window's menu bar and picks an item, both by the mnemonic of their label
	 * ("alt+h", "a" for Help > About), and waits for the window that item opens. Retries: a busy
	 * machine can draw the menu after the keys arrive.
	 */
	static String menuItem(String window, String menuKey, String itemKey, String expectedTitleRegex)
			throws IOException, InterruptedException {
		for (int attempt = 1; attempt < 4; attempt++) {
			key(window, menuKey);
			Thread.sleep(600L * attempt);
			run("xdotool", "key", itemKey);
			try {
				return awaitWindow(expectedTitleRegex, Duration.ofSeconds(5L * attempt));
			} catch (AssertionError notYet) {
				run("xdotool", "key", "Escape");
			}
		}
		return awaitWindow(expectedTitleRegex, Duration.ofSeconds(1));
	}

	/** Like {@link #menuItem(String, String, String, String)} for an item that opens no window. */
	static void menuItem(String window, String menuKey, String itemKey) throws IOException, InterruptedException {
		key(window, menuKey);
		Thread.sleep(600);
		run("xdotool", "key", itemKey);
		Thread.sleep(400);
	}

	static void screenshot(Path file) throws IOException, InterruptedException {
		run("import", "-window", "root", file.toString());
	}

	static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new IOException(String.join(" ", command) + " did not finish");
		}
		return output;
	}
}
