package io.backstop.console.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import io.backstop.estop.api.WorkRefusedException;

/**
 * Runs a command's body and turns whatever goes wrong into one line on the console (the command
 * and the problem) and a second line with the usage or a hint: never a stack trace.
 */
final class CommandRunner {

	/** A command's body. */
	@FunctionalInterface
	interface Body {
		void run() throws Exception;
	}

	private CommandRunner() {
	}

	/**
	 * Prints the usage when {@code args} ask for help ({@code --help} or {@code -h}), else runs the body.
	 *
	 * @return true when the body completed or the usage was asked for, false when an error was printed
	 */
	static boolean run(PrintStream out, String command, String usage, String[] args, Body body) {
		if (args != null && Arrays.stream(args).anyMatch(a -> "--help".equals(a) || "-h".equals(a))) {
			out.println("usage: " + usage);
			out.flush();
			return true;
		}
		return run(out, command, usage, body);
	}

	/** @return true when the body completed, false when an error was printed */
	static boolean run(PrintStream out, String command, String usage, Body body) {
		try {
			body.run();
			return true;
		} catch (UsageException | IllegalArgumentException e) {
			error(out, command, message(e), "usage: " + usage);
		} catch (WorkRefusedException e) {
			error(out, command, message(e), "hint: estop:reset lowers the emergency stop signal; then run it again");
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			error(out, command, "interrupted; work it started goes on in the background", "hint: backstop:jobs lists it");
		} catch (Exception | LinkageError | AssertionError e) {
			error(out, command, message(unwrap(e)), "usage: " + usage);
		} finally {
			out.flush();
		}
		return false;
	}

	/** Prints an error the same way outside of {@link #run}. */
	static void error(PrintStream out, String command, String problem, String hint) {
		out.println(command + ": " + problem);
		out.println(hint);
	}

	static Throwable unwrap(Throwable e) {
		Throwable t = e;
		while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
			t = t.getCause();
		}
		return t;
	}

	/** One line that says what went wrong, with the exception's kind when its message alone would not. */
	static String message(Throwable e) {
		String text = e.getMessage();
		if (e instanceof NoSuchFileException) {
			return "no such file: " + text;
		}
		if (e instanceof AccessDeniedException) {
			return "permission denied: " + text;
		}
		if (e instanceof CancellationException) {
			return "cancelled";
		}
		if (text == null || text.isBlank()) {
			text = e.getClass().getSimpleName();
		} else if (!(e instanceof UsageException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
				|| e instanceof IOException)) {
			text = e.getClass().getSimpleName() + ": " + text;
		}
		return text.strip().replace("\r\n", " ").replace('\n', ' ');
	}
}
