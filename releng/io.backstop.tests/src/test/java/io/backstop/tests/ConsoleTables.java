package io.backstop.tests;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/** Reads the aligned tables the Backstop console prints: columns two or more spaces apart. */
final class ConsoleTables {

	private ConsoleTables() {
	}

	/**
	 * The rows of the table whose header line holds {@code columns} in this order, each as its
	 * cells (the last column takes the rest of the line, empty when the line ends before it).
	 * The table ends at the first line that is not split in columns: a blank line or a sentence
	 * such as the summary.
	 *
	 * @throws AssertionError when no such header is found
	 */
	static List<List<String>> rows(String text, String... columns) {
		List<String> lines = text.lines().toList();
		int header = -1;
		for (int i = 0; i < lines.size() && header < 0; i++) {
			if (Arrays.asList(cells(lines.get(i), columns.length)).equals(List.of(columns))) {
				header = i;
			}
		}
		if (header < 0) {
			throw new AssertionError("no table with columns " + List.of(columns) + " in:\n" + text);
		}
		List<List<String>> rows = new ArrayList<>();
		for (int i = header + 1; i < lines.size(); i++) {
			String[] cells = cells(lines.get(i), columns.length);
			if (cells.length < 2) {
				break;
			}
			List<String> row = new ArrayList<>(Arrays.asList(cells));
			while (row.size() < columns.length) {
				row.add("");
			}
			rows.add(row);
		}
		return rows;
	}

	private static final Pattern GAP = Pattern.compile(" {2,}");

	private static String[] cells(String line, int columns) {
		String stripped = line.strip();
		return stripped.isEmpty() ? new String[0] : GAP.split(stripped, columns);
	}
}
