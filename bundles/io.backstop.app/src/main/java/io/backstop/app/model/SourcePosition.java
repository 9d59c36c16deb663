package io.backstop.app.model;

/** Where a compile problem's line and column fall in the text the editor holds. */
public final class SourcePosition {

	private SourcePosition() {
	}

	/** javac counts a tab to the next multiple of 8 columns. */
	private static final int TAB = 8;

	/**
	 * The character offset of 1-based {@code line} and {@code column} (as the compiler counts them,
	 * tabs expanded) in {@code text}, clamped to the line (a problem of the whole file, line 0, is at
	 * the start).
	 */
	public static int offset(String text, long line, long column) {
		int offset = 0;
		for (long l = 1; l < line; l++) {
			int next = text.indexOf('\n', offset);
			if (next < 0) {
				return text.length();
			}
			offset = next + 1;
		}
		int lineEnd = text.indexOf('\n', offset);
		lineEnd = lineEnd < 0 ? text.length() : lineEnd;
		long visual = 1;
		while (offset < lineEnd && visual < column) {
			visual = text.charAt(offset) == '\t' ? ((visual - 1) / TAB + 1) * TAB + 1 : visual + 1;
			offset++;
		}
		return offset;
	}
}
