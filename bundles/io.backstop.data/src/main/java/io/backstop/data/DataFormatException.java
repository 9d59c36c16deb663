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

	/**
	 * @param file    the file as the user named it
	 * @param line    1-based line number
	 * @param field   the column at fault, or null when the problem is not one field's
	 * @param problem what is wrong, without the location
	 */
	public DataFormatException(String file, int line, String field, String problem) {
		super(format(file, line, field, problem));
		this.file = file;
		this.line = line;
		this.field = field;
		this.problem = problem;
	}

	static String format(String file, int line, String field, String problem) {
		return field == null ? file + ", line " + line + ": " + problem
				: file + ", line " + line + ", field '" + field + "': " + problem;
	}

	public String file() {
		return file;
	}

	public int line() {
		return line;
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
