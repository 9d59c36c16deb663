package io.backstop.data;

import java.io.IOException;

/**
 * Input that is not a valid OHLCV series. The message names the file, the line (1-based,
 * the header is line 1) and, where one is at fault, the field:
 * {@code "prices.csv, line 7, field 'close': not a number: \"abc\""}.
 */
public class DataFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	private final String file;
	private final int line;
	private final String field;
	private final String problem;
	private final boolean row;

	/**
	 * @param file    the file as the user named it
	 * @param line    1-based line number
	 * @param field   the column at fault, or null when the problem is not one field's
	 * @param problem what is wrong, without the location
	 */
	public DataFormatException(String file, int line, String field, String problem) {
		this(file, line, false, field, problem);
	}

	private DataFormatException(String file, int number, boolean row, String field, String problem) {
		super(row ? format(file, "row", number, field, problem) : format(file, number, field, problem));
		this.file = file;
		this.line = number;
		this.field = field;
		this.problem = problem;
		this.row = row;
	}

	/**
	 * A problem in a file without lines (Parquet, Feather, a joined series): {@code "f.parquet, row 7,
	 * field 'close': NaN is not allowed"}; row 0 names the file as a whole ({@code "f.parquet: ..."}).
	 *
	 * @param row 1-based row (bar) number, 0 when no row is at fault
	 */
	public static DataFormatException inRow(String file, int row, String field, String problem) {
		return new DataFormatException(file, row, true, field, problem);
	}

	private static String format(String file, String unit, int number, String field, String problem) {
		String where = number > 0 ? file + ", " + unit + " " + number : file;
		return field == null ? where + ": " + problem : where + ", field '" + field + "': " + problem;
	}

	static String format(String file, int line, String field, String problem) {
		return field == null ? file + ", line " + line + ": " + problem
				: file + ", line " + line + ", field '" + field + "': " + problem;
	}

	public String file() {
		return file;
	}

	/** The 1-based line, or row when {@link #isRow()}. */
	public int line() {
		return line;
	}

	/** Whether {@link #line()} counts rows (bars) rather than lines of text. */
	public boolean isRow() {
		return row;
	}

	/** The column at fault, or null. */
	public String field() {
		return field;
	}

	/** What is wrong, without file, line and field. */
	public String problem() {
		return problem;
	}
}
