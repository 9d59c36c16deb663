package io.backstop.strategies.workspace;

import java.nio.file.Path;

/**
 * One thing that stops a workspace strategy from running: a compile error at a place in its file,
 * or a problem of the whole file (line 0: a missing file, a class that does not implement the
 * strategy API, no compiler in the runtime).
 *
 * @param file    the source file
 * @param line    1-based, 0 when the problem has no place in the file
 * @param column  1-based, 0 when unknown
 * @param message one line
 */
public record CompileProblem(Path file, long line, long column, String message) {

	/** A problem of the whole file. */
	public static CompileProblem ofFile(Path file, String message) {
		return new CompileProblem(file, 0, 0, message);
	}

	/** {@code file:line:column: message}, or {@code file: message} without a place. */
	@Override
	public String toString() {
		return line > 0 ? file + ":" + line + ":" + column + ": " + message : file + ": " + message;
	}
}
