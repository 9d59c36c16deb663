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

	/**
	 * {@code file:line:column: message}; {@code file: line L: message} for a line without a column (what
	 * the sandbox refuses); {@code file: message} without a place.
	 */
	@Override
	public String toString() {
		return describe(file.toString());
	}

	/** {@link #toString()} with the file's name alone: {@code NAME.java: line 12: uses java.io.File (...)}. */
	public String inFile() {
		return describe(file.getFileName().toString());
	}

	private String describe(String where) {
		if (line <= 0) {
			return where + ": " + message;
		}
		return column > 0 ? where + ":" + line + ":" + column + ": " + message : where + ": line " + line + ": " + message;
	}
}
