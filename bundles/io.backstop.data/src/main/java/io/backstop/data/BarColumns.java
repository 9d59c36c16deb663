package io.backstop.data;

import java.util.Arrays;
import java.util.List;

/**
 * Bars read a block of rows at a time from a columnar file (Feather record batches, Parquet
 * batches): the growing columns, the same checks and words as the CSV parser, and the series.
 * A reader fills rows {@code size} to {@code size + rows - 1} of {@link #ts} and {@link #values}
 * after {@link #ensureRoom(int)}, then {@link #accept(String, int)}s them.
 */
final class BarColumns {

	long[] ts;
	/** Open, high, low, close, volume. */
	final double[][] values = new double[5][];
	int size;

	BarColumns(int capacity) {
		ts = new long[capacity];
		for (int c = 0; c < 5; c++) {
			values[c] = new double[capacity];
		}
	}

	/** Room for {@code rows} more bars. */
	void ensureRoom(int rows) {
		if (size + rows <= ts.length) {
			return;
		}
		int capacity = Math.max(size + rows, ts.length + (ts.length >> 1));
		ts = Arrays.copyOf(ts, capacity);
		for (int c = 0; c < 5; c++) {
			values[c] = Arrays.copyOf(values[c], capacity);
		}
	}

	/**
	 * Checks the next {@code rows} bars (prices, volume, time order) and keeps them.
	 *
	 * @throws DataFormatException naming the 1-based row and the field at fault
	 */
	void accept(String file, int rows) throws DataFormatException {
		for (int i = 0; i < rows; i++) {
			int at = size + i;
			int row = at + 1;
			Bars.Problem problem = Bars.problem(values[0][at], values[1][at], values[2][at], values[3][at],
					values[4][at]);
			if (problem != null) {
				throw DataFormatException.inRow(file, row, problem.field(), problem.text());
			}
			String order = at == 0 ? null : Bars.order(ts[at], ts[at - 1], "row " + (row - 1));
			if (order != null) {
				throw DataFormatException.inRow(file, row, "timestamp", order);
			}
		}
		size += rows;
	}

	OhlcvSeries series(String name, String source) {
		return new OhlcvSeries(name, source, Arrays.copyOf(ts, size), Arrays.copyOf(values[0], size),
				Arrays.copyOf(values[1], size), Arrays.copyOf(values[2], size), Arrays.copyOf(values[3], size),
				Arrays.copyOf(values[4], size));
	}

	/**
	 * The column for each role (timestamp, open, high, low, close, volume) among a file's column
	 * names, by the names {@link OhlcvCsv} accepts; the first of two candidates wins.
	 *
	 * @throws DataFormatException naming the first role no column plays, and the columns found
	 */
	static int[] columnOfRole(String file, List<String> names) throws DataFormatException {
		int[] columnOfRole = new int[6];
		Arrays.fill(columnOfRole, -1);
		for (int c = 0; c < names.size(); c++) {
			int role = OhlcvCsv.role(names.get(c));
			if (role >= 0 && columnOfRole[role] < 0) {
				columnOfRole[role] = c;
			}
		}
		for (int role = 0; role < 6; role++) {
			if (columnOfRole[role] < 0) {
				String column = OhlcvCsv.COLUMNS.get(role);
				throw DataFormatException.inRow(file, 0, column,
						"missing column '" + column + "' (found: " + String.join(", ", names) + ")");
			}
		}
		return columnOfRole;
	}
}
