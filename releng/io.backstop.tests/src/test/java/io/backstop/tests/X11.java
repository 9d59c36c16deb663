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

	/** Where a menu's first item opens, from its title and the window's top edge. */
	private static final int FIRST_ITEM_DX = 25;
	private static final int FIRST_ITEM_Y = 36;

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

	/** Clicks at a point relative to the window's top-left corner. */
	static void click(String window, int x, int y) throws IOException, InterruptedException {
		run("xdotool", "mousemove", "--window", window, String.valueOf(x), String.valueOf(y), "click", "1");
		Thread.sleep(400);
	}

	/** Replaces the text of the field at a point: selects it all with a triple click and types. */
	static void typeInto(String window, int x, int y, String text) throws IOException, InterruptedException {
		run("xdotool", "mousemove", "--window", window, String.valueOf(x), String.valueOf(y), "click", "--repeat", "3",
				"1");
		Thread.sleep(200);
		run("xdotool", "type", "--delay", "40", text);
		Thread.sleep(200);
	}

	/** Moves the pointer to a point of the window without clicking (to keep tooltips out of screenshots). */
	static void hover(String window, int x, int y) throws IOException, InterruptedException {
		run("xdotool", "mousemove", "--window", window, String.valueOf(x), String.valueOf(y));
	}

	/** Opens a menu of the menu bar and clicks its item at {@code itemY} (items count from the window's top). */
	static void menuItem(String window, int menuX, int itemY) throws IOException, InterruptedException {
		click(window, menuX, 12);
		Thread.sleep(600);
		click(window, menuX + FIRST_ITEM_DX, itemY);
	}

	/**
	 * Opens a menu of the window's menu bar by clicking it, picks its first item, and waits for
	 * the window that item opens. Retries: a busy machine can draw the menu after the keys arrive.
	 */
	static String firstMenuItem(String window, int menuX, String expectedTitleRegex)
			throws IOException, InterruptedException {
		for (int attempt = 1; attempt < 4; attempt++) {
			click(window, menuX, 12);
			Thread.sleep(600L * attempt);
			click(window, menuX + FIRST_ITEM_DX, FIRST_ITEM_Y);
			try {
				return awaitWindow(expectedTitleRegex, Duration.ofSeconds(5L * attempt));
			} catch (AssertionError notYet) {
				run("xdotool", "key", "Escape");
			}
		}
		return awaitWindow(expectedTitleRegex, Duration.ofSeconds(1));
	}

	/** Like {@link #firstMenuItem(String, int, String)} for an item that opens no window. */
	static void firstMenuItem(String window, int menuX) throws IOException, InterruptedException {
		click(window, menuX, 12);
		Thread.sleep(600);
		click(window, menuX + FIRST_ITEM_DX, FIRST_ITEM_Y);
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
