package io.backstop.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A table of text for the console: a header and rows, each column as wide as its widest cell,
 * columns two spaces apart, numbers right-aligned. The last column is not padded, so no line
 * ends in spaces.
 */
final class TextTable {

	private final String[] headers;
	private final boolean[] rightAligned;
	private final List<String[]> rows = new ArrayList<>();

	private TextTable(String[] headers, boolean[] rightAligned) {
		this.headers = headers;
		this.rightAligned = rightAligned;
	}

	/** Columns by header; a header starting with {@code >} is right-aligned (the mark is not printed). */
	static TextTable of(String... headers) {
		String[] names = new String[headers.length];
		boolean[] right = new boolean[headers.length];
		for (int i = 0; i < headers.length; i++) {
			right[i] = headers[i].startsWith(">");
			names[i] = right[i] ? headers[i].substring(1) : headers[i];
		}
		return new TextTable(names, right);
	}

	TextTable row(Object... cells) {
		if (cells.length != headers.length) {
			throw new IllegalArgumentException("row of " + cells.length + " cells in a table of " + headers.length + " columns");
		}
		String[] text = new String[cells.length];
		for (int i = 0; i < cells.length; i++) {
			text[i] = cells[i] == null ? "" : oneLine(cells[i].toString());
		}
		rows.add(text);
		return this;
	}

	boolean isEmpty() {
		return rows.isEmpty();
	}

	/** The header and the rows, each line ending in a newline. */
	String render() {
		int[] widths = new int[headers.length];
		for (int i = 0; i < headers.length; i++) {
			widths[i] = headers[i].length();
		}
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder out = new StringBuilder();
		line(out, headers, widths);
		for (String[] row : rows) {
			line(out, row, widths);
		}
		return out.toString();
	}

	private void line(StringBuilder out, String[] cells, int[] widths) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < cells.length; i++) {
			if (i > 0) {
				line.append("  ");
			}
			String cell = cells[i];
			boolean last = i == cells.length - 1;
			if (rightAligned[i]) {
				line.append(" ".repeat(widths[i] - cell.length())).append(cell);
			} else {
				line.append(cell);
				if (!last) {
					line.append(" ".repeat(widths[i] - cell.length()));
				}
			}
		}
		out.append(line.toString().stripTrailing()).append('\n');
	}

	private static String oneLine(String text) {
		return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
	}

	@Override
	public String toString() {
		return Arrays.toString(headers) + " x " + rows.size();
	}
}
