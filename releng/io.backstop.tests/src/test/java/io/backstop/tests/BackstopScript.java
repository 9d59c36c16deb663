package io.backstop.tests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code backstop} start script run as a user runs it from another terminal. */
final class BackstopScript {

	/** What a run of the script printed and how it ended. */
	static final class Result {
		private final int status;
		private final String out;
		private final String err;
		private final Duration took;

		Result(int status, String out, String err, Duration took) {
			this.status = status;
			this.out = out;
			this.err = err;
			this.took = took;
		}

		int status() {
			return status;
		}

		String out() {
			return out;
		}

		String err() {
			return err;
		}

		Duration took() {
			return took;
		}

		@Override
		public String toString() {
			return "exit " + status + " after " + took.toMillis() + " ms\nstdout:\n" + out + "\nstderr:\n" + err;
		}
	}

	private BackstopScript() {
	}

	/** Runs {@code ./backstop arguments} with {@code input} piped into it. */
	static Result run(String input, Duration timeout, String... arguments) throws IOException, InterruptedException {
		Path script = Path.of(System.getProperty("backstop.script")).toRealPath();
		List<String> command = new ArrayList<>(List.of(script.toString()));
		command.addAll(List.of(arguments));
		Path out = Files.createTempFile("backstop-script", ".out");
		Path err = Files.createTempFile("backstop-script", ".err");
		try {
			ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
			builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
			long start = System.nanoTime();
			Process process = builder.start();
			process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
			process.getOutputStream().close();
			if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new AssertionError("./backstop " + String.join(" ", arguments) + " did not end within "
						+ timeout.toSeconds() + " s; output:\n" + Files.readString(out) + Files.readString(err));
			}
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			return new Result(process.exitValue(), Files.readString(out), Files.readString(err), took);
		} finally {
			Files.deleteIfExists(out);
			Files.deleteIfExists(err);
		}
	}
}
