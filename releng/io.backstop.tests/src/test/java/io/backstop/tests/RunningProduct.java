package io.backstop.tests;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The materialized product started in a child JVM, as {@code ./backstop} starts it: the JVM
 * options come from its eclipse.ini. Its console is this test's to write to and read from.
 */
final class RunningProduct implements AutoCloseable {

	/** The Gogo console's prompt. */
	static final String PROMPT = "g! ";

	private final Process process;
	private final Writer console;
	private final StringBuffer output = new StringBuffer();
	private final Path log;

	private RunningProduct(Process process, Path log) {
		this.process = process;
		this.log = log;
		this.console = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
		Thread reader = new Thread(this::pump, "product-output");
		reader.setDaemon(true);
		reader.start();
	}

	static Path productDirectory() {
		Path product = Path.of(System.getProperty("backstop.product"));
		if (!Files.isRegularFile(product.resolve("eclipse.ini"))) {
			throw new IllegalStateException("no materialized product at " + product);
		}
		return product;
	}

	static Path outputDirectory() throws IOException {
		return Files.createDirectories(Path.of(System.getProperty("backstop.output")));
	}

	/** Starts the product with {@code arguments} after its own; the workspace is {@code workspace}. */
	static RunningProduct start(String name, Path workspace, String... arguments) throws IOException {
		return start(name, workspace, List.of(), arguments);
	}

	/**
	 * Starts the product as {@code ./backstop --headless} does: no window, the console on standard
	 * input and output; {@code extraVmArgs} after the JVM options.
	 */
	static RunningProduct startHeadless(String name, Path workspace, String... extraVmArgs) throws IOException {
		List<String> vmArgs = new ArrayList<>(List.of("-Djava.awt.headless=true", "-Dosgi.noShutdown=false"));
		vmArgs.addAll(List.of(extraVmArgs));
		return start(name, workspace, vmArgs, "-application", "io.backstop.console.headless");
	}

	/** Starts the product with JVM options {@code extraVmArgs} after its own and {@code arguments} after its own. */
	static RunningProduct start(String name, Path workspace, List<String> extraVmArgs, String... arguments)
			throws IOException {
		Path product = productDirectory();
		List<String> programArgs = new ArrayList<>();
		List<String> vmArgs = new ArrayList<>();
		boolean vm = false;
		for (String line : Files.readAllLines(product.resolve("eclipse.ini"))) {
			if (line.isBlank()) {
				continue;
			}
			if (line.equals("-vmargs")) {
				vm = true;
			} else if (vm) {
				vmArgs.add(line);
			} else {
				programArgs.add(line);
			}
		}
		Path launcher;
		try (Stream<Path> plugins = Files.list(product.resolve("plugins"))) {
			launcher = plugins.filter(p -> p.getFileName().toString().matches("org\\.eclipse\\.equinox\\.launcher_.*\\.jar"))
					.findFirst().orElseThrow(() -> new IllegalStateException("no launcher in " + product));
		}
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(vmArgs);
		command.addAll(extraVmArgs);
		command.add("-jar");
		command.add(launcher.toString());
		command.addAll(programArgs);
		command.addAll(List.of("-data", workspace.toString(), "-consoleLog", "-console"));
		command.addAll(List.of(arguments));
		Path log = outputDirectory().resolve(name + ".log");
		Process process = new ProcessBuilder(command).directory(product.toFile()).redirectErrorStream(true).start();
		return new RunningProduct(process, log);
	}

	/**
	 * Writes lines to the product's console and closes it, as a script piped into
	 * {@code ./backstop --headless} does.
	 */
	void pipe(String... lines) throws IOException {
		for (String line : lines) {
			console.write(line + "\n");
		}
		console.flush();
		console.close();
	}

	/** Ends the console's input, as Ctrl+D on a terminal or the end of a piped script does. */
	void endInput() throws IOException {
		console.close();
	}

	/** The TCP and UDP ports the product listens on or is bound to (from /proc); empty when it opened none. */
	List<String> listeningSockets() throws IOException {
		List<String> inodes = new ArrayList<>();
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
			for (Path fd : fds.toList()) {
				try {
					String target = Files.readSymbolicLink(fd).toString();
					if (target.startsWith("socket:[")) {
						inodes.add(target.substring("socket:[".length(), target.length() - 1));
					}
				} catch (IOException e) {
					// closed while listing
				}
			}
		}
		List<String> bound = new ArrayList<>();
		for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
			Path file = Path.of("/proc", Long.toString(process.pid()), "net", table);
			if (!Files.isReadable(file)) {
				continue;
			}
			for (String line : Files.readAllLines(file)) {
				String[] f = line.trim().split("\\s+");
				// sl local_address rem_address st ... inode (field 9); TCP state 0A is LISTEN, UDP 07 is bound
				if (f.length > 9 && inodes.contains(f[9]) && (f[3].equals("0A") || table.startsWith("udp"))) {
					bound.add(table + " " + f[1]);
				}
			}
		}
		return bound;
	}

	/** Types a line on the product's console. */
	void type(String line) throws IOException {
		console.write(line + "\n");
		console.flush();
	}

	/**
	 * Types a command and waits for the console's next prompt; returns what the command printed
	 * (the text between the command and that prompt).
	 */
	String run(String command, Duration timeout) throws IOException, InterruptedException {
		int mark = output().length();
		type(command);
		String text = awaitOutput(out -> out.indexOf(PROMPT, mark) >= 0, timeout, "the prompt after " + command);
		return text.substring(mark, text.indexOf(PROMPT, mark));
	}

	String output() {
		return output.toString();
	}

	/**
	 * Waits until the output has not grown for {@code quiet}: start-up lines that follow the first prompt on a
	 * busy machine are then printed, not mixed into the next command's output.
	 */
	void awaitQuiet(Duration quiet, Duration timeout) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		int length = output().length();
		Instant unchangedSince = Instant.now();
		while (Instant.now().isBefore(deadline)) {
			Thread.sleep(100);
			int now = output().length();
			if (now != length) {
				length = now;
				unchangedSince = Instant.now();
			} else if (Duration.between(unchangedSince, Instant.now()).compareTo(quiet) >= 0) {
				return;
			}
		}
		throw new AssertionError("the output did not settle for " + quiet.toMillis() + " ms within " + timeout.toSeconds()
				+ " s; output:\n" + output());
	}

	/** Waits until the output satisfies {@code condition}; fails with the output so far when it does not. */
	String awaitOutput(Predicate<String> condition, Duration timeout, String what) throws InterruptedException {
		Instant deadline = Instant.now().plus(timeout);
		while (Instant.now().isBefore(deadline)) {
			String text = output();
			if (condition.test(text)) {
				return text;
			}
			if (!process.isAlive()) {
				break;
			}
			Thread.sleep(100);
		}
		throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; output:\n" + output());
	}

	/** Waits for the process to end by itself and returns its exit status. */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("the product did not exit within " + timeout.toSeconds() + " s; output:\n" + output());
		}
		return process.exitValue();
	}

	long pid() {
		return process.pid();
	}

	private void pump() {
		// Character by character: the console prompt ends without a newline.
		try (Reader reader = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
			char[] buffer = new char[8192];
			int read;
			while ((read = reader.read(buffer)) >= 0) {
				output.append(buffer, 0, read);
			}
		} catch (IOException e) {
			output.append("[output closed: ").append(e.getMessage()).append("]\n");
		}
	}

	@Override
	public void close() throws IOException {
		if (process.isAlive()) {
			process.destroy();
			try {
				if (!process.waitFor(10, TimeUnit.SECONDS)) {
					process.destroyForcibly();
				}
			} catch (InterruptedException e) {
				process.destroyForcibly();
				Thread.currentThread().interrupt();
			}
		}
		Files.writeString(log, output());
	}
}
