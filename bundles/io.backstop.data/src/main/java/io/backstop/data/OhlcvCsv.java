package io.backstop.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Reads and writes OHLCV CSV files.
 * <p>
 * Format: comma separated. The columns {@code timestamp, open, high, low, close, volume} may
 * come in any order and any letter case, under their names or their common variants
 * ({@code ts}, {@code time}, {@code date}, {@code datetime}, {@code open_time} for the timestamp;
 * {@code o}, {@code h}, {@code l}, {@code c}, {@code v} for the others); other columns are
 * ignored. A file whose first line starts with a number has no header: it is read as an
 * exchange kline export (Binance's 12 columns: open time, open, high, low, close, volume, close
 * time, ...; the first six are used). Blank lines are skipped. Timestamps are either ISO date-times
 * ({@code 2025-04-03 17:05:00}, {@code 2025-04-03T17:05:00Z}, {@code ...+02:00}; a date-time
 * without zone is UTC; a bare date is midnight UTC) or epoch numbers: below 10^11 they are
 * seconds, below 10^14 milliseconds, below 10^17 microseconds, else nanoseconds.
 * <p>
 * Everything is validated; the first problem is reported as a {@link DataFormatException}
 * whose message names the file, the line and the field, for example:
 * <ul>
 * <li>{@code f.csv, line 1: empty file: expected a header with timestamp, open, high, low, close, volume}</li>
 * <li>{@code f.csv, line 1: a header-less kline line needs at least 6 fields (open time, open, high, low, close, volume), found 4}</li>
 * <li>{@code f.csv, line 2: no data rows after the header}</li>
 * <li>{@code f.csv, line 1, field 'volume': missing column 'volume' in the header (found: timestamp, open, high, low, close)}</li>
 * <li>{@code f.csv, line 5, field 'close': not a number: "abc"}</li>
 * <li>{@code f.csv, line 5, field 'close': missing value (the line has 5 fields, the header 6)}</li>
 * <li>{@code f.csv, line 5, field 'close': NaN is not allowed}</li>
 * <li>{@code f.csv, line 5, field 'close': infinite value is not allowed}</li>
 * <li>{@code f.csv, line 5, field 'high': high 99.5 is below low 100.0}</li>
 * <li>{@code f.csv, line 5, field 'close': close 101.0 is above high 100.5}</li>
 * <li>{@code f.csv, line 5, field 'low': low -1.0 is negative}</li>
 * <li>{@code f.csv, line 5, field 'volume': volume -3.0 is negative}</li>
 * <li>{@code f.csv, line 5, field 'timestamp': not a date-time or epoch number: "yesterday"}</li>
 * <li>{@code f.csv, line 5, field 'timestamp': timestamp 2025-04-03T17:00:00Z is before 2025-04-03T17:05:00Z on line 4; timestamps must increase}</li>
 * <li>{@code f.csv, line 5, field 'timestamp': duplicate timestamp 2025-04-03T17:05:00Z (also on line 4)}</li>
 * </ul>
 * Parsing is hand-written over the raw bytes (a million rows in well under a second on one
 * core); numbers parse to exactly the value {@link Double#parseDouble(String)} gives.
 */
public final class OhlcvCsv {

	/** The required columns, in their canonical order. */
	public static final List<String> COLUMNS = List.of("timestamp", "open", "high", "low", "close", "volume");

	private static final int TS = 0;
	private static final int OPEN = 1;
	private static final int HIGH = 2;
	private static final int LOW = 3;
	private static final int CLOSE = 4;
	private static final int VOLUME = 5;

	private static final double[] POW10 = new double[23];
	static {
		double p = 1;
		for (int i = 0; i < POW10.length; i++) {
			POW10[i] = p;
			p *= 10;
		}
	}

	private OhlcvCsv() {
	}

	/** Loads a file; the series is named after the file without its extension. */
	public static OhlcvSeries load(Path file) throws IOException {
		return load(file, baseName(file.getFileName() == null ? file.toString() : file.getFileName().toString()));
	}

	/** Loads a file under the given series name. */
	public static OhlcvSeries load(Path file, String seriesName) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		return parse(bytes, file.toString(), seriesName, file.toAbsolutePath().toString());
	}

	/**
	 * Reads a whole stream (not closed here).
	 *
	 * @param fileName how messages name the input
	 */
	public static OhlcvSeries read(InputStream in, String fileName) throws IOException {
		return parse(in.readAllBytes(), fileName, baseName(fileName), fileName);
	}

	/**
	 * Parses CSV content.
	 *
	 * @param fileName   how messages name the input
	 * @param seriesName the series' name
	 * @param source     recorded as the series' source
	 */
	public static OhlcvSeries parse(byte[] content, String fileName, String seriesName, String source)
			throws DataFormatException {
		return parse(content, fileName, seriesName, source, () -> false);
	}

	/**
	 * Parses CSV content, giving up when {@code halted} answers true (asked every few thousand rows).
	 *
	 * @throws CancellationException when halted
	 */
	public static OhlcvSeries parse(byte[] content, String fileName, String seriesName, String source,
			BooleanSupplier halted) throws DataFormatException {
		return new Parser(content, fileName, halted).parse(seriesName, source);
	}

	/** Writes a series with the canonical header and ISO UTC timestamps. */
	public static void write(OhlcvSeries series, Path file) throws IOException {
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			out.write(String.join(",", COLUMNS));
			out.write('\n');
			StringBuilder line = new StringBuilder(96);
			for (int i = 0; i < series.size(); i++) {
				line.setLength(0);
				line.append(Instant.ofEpochMilli(series.timestamps()[i])).append(',').append(series.open()[i])
						.append(',').append(series.high()[i]).append(',').append(series.low()[i]).append(',')
						.append(series.close()[i]).append(',').append(series.volume()[i]).append('\n');
				out.append(line);
			}
		}
	}

	/**
	 * The role of a column by its name, in any letter case: 0 timestamp ({@code timestamp}, {@code ts},
	 * {@code time}, {@code date}, {@code datetime}, {@code open_time}), 1 to 5 open ({@code o}), high
	 * ({@code h}), low ({@code l}), close ({@code c}), volume ({@code v}); -1 for another column.
	 */
	static int role(String columnName) {
		if (columnName == null) {
			return -1;
		}
		return switch (columnName.strip().toLowerCase(Locale.ROOT)) {
		case "timestamp", "ts", "time", "date", "datetime", "open_time" -> TS;
		case "open", "o" -> OPEN;
		case "high", "h" -> HIGH;
		case "low", "l" -> LOW;
		case "close", "c" -> CLOSE;
		case "volume", "v" -> VOLUME;
		default -> -1;
		};
	}

	private static String baseName(String name) {
		int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
		String base = name.substring(slash + 1);
		int dot = base.lastIndexOf('.');
		return dot > 0 ? base.substring(0, dot) : base;
	}

	/** One parse over a byte array. */
	private static final class Parser {
		private final byte[] b;
		private final String file;
		private final BooleanSupplier halted;
		private int pos;
		private int lineNo;

		private long[] ts;
		private double[][] cols;
		private int rows;
		private int prevLine;

		Parser(byte[] content, String file, BooleanSupplier halted) {
			this.b = content;
			this.file = file;
			this.halted = halted;
		}

		OhlcvSeries parse(String seriesName, String source) throws DataFormatException {
			int n = b.length;
			if (n >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
				pos = 3;
			}
			// header: first non-blank line
			int[] roleOfColumn = null;
			int fieldCount = 0;
			while (pos < n) {
				lineNo++;
				int end = lineEnd(pos);
				int stop = trimEnd(pos, end);
				if (isBlank(pos, stop)) {
					pos = next(end);
					continue;
				}
				List<String> names = splitHeader(pos, stop);
				fieldCount = names.size();
				if (startsWithNumber(names.get(0))) {
					roleOfColumn = klineRoles(fieldCount);
					lineNo--; // the first line is data: read it again below
				} else {
					roleOfColumn = roles(names);
					pos = next(end);
				}
				break;
			}
			if (roleOfColumn == null) {
				throw new DataFormatException(file, Math.max(lineNo, 1), null,
						"empty file: expected a header with " + String.join(", ", COLUMNS));
			}
			int headerLine = lineNo;
			int capacity = Math.max(16, (n - pos) / 40 + 16);
			ts = new long[capacity];
			cols = new double[6][capacity];
			while (pos < n) {
				lineNo++;
				int end = lineEnd(pos);
				int stop = trimEnd(pos, end);
				if (!isBlank(pos, stop)) {
					parseRow(pos, stop, roleOfColumn, fieldCount);
					if ((rows & 4095) == 0 && halted.getAsBoolean()) {
						throw new CancellationException("loading " + file + " was halted at line " + lineNo);
					}
				}
				pos = next(end);
			}
			if (rows == 0) {
				throw new DataFormatException(file, headerLine + 1, null, "no data rows after the header");
			}
			return new OhlcvSeries(seriesName, source, Arrays.copyOf(ts, rows), Arrays.copyOf(cols[OPEN], rows),
					Arrays.copyOf(cols[HIGH], rows), Arrays.copyOf(cols[LOW], rows), Arrays.copyOf(cols[CLOSE], rows),
					Arrays.copyOf(cols[VOLUME], rows));
		}

		private int lineEnd(int from) {
			int i = from;
			while (i < b.length && b[i] != '\n') {
				i++;
			}
			return i;
		}

		private int trimEnd(int from, int end) {
			int e = end;
			while (e > from && (b[e - 1] == '\r' || b[e - 1] == ' ' || b[e - 1] == '\t')) {
				e--;
			}
			return e;
		}

		private static int next(int end) {
			return end + 1;
		}

		private boolean isBlank(int from, int to) {
			for (int i = from; i < to; i++) {
				if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
					return false;
				}
			}
			return true;
		}

		private List<String> splitHeader(int from, int to) {
			List<String> names = new ArrayList<>();
			int start = from;
			for (int i = from; i <= to; i++) {
				if (i == to || b[i] == ',') {
					String name = new String(b, start, i - start, StandardCharsets.UTF_8).trim();
					if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
						name = name.substring(1, name.length() - 1).trim();
					}
					names.add(name);
					start = i + 1;
				}
			}
			return names;
		}

		private int[] roles(List<String> names) throws DataFormatException {
			int[] roles = new int[names.size()];
			Arrays.fill(roles, -1);
			boolean[] seen = new boolean[6];
			for (int c = 0; c < names.size(); c++) {
				int role = role(names.get(c));
				if (role >= 0 && !seen[role]) {
					seen[role] = true;
					roles[c] = role;
				}
			}
			for (int r = 0; r < 6; r++) {
				if (!seen[r]) {
					throw new DataFormatException(file, lineNo, COLUMNS.get(r), "missing column '" + COLUMNS.get(r)
							+ "' in the header (found: " + String.join(", ", names) + ")");
				}
			}
			return roles;
		}

		private static boolean startsWithNumber(String field) {
			String f = field.startsWith("\"") ? field.substring(1) : field;
			return !f.isEmpty() && (Character.isDigit(f.charAt(0))
					|| f.length() > 1 && (f.charAt(0) == '-' || f.charAt(0) == '+') && Character.isDigit(f.charAt(1)));
		}

		/** Open time, open, high, low, close and volume in the first six columns; the rest ignored. */
		private int[] klineRoles(int fieldCount) throws DataFormatException {
			if (fieldCount < 6) {
				throw new DataFormatException(file, lineNo, null,
						"a header-less kline line needs at least 6 fields (open time, open, high, low, close, volume), found "
								+ fieldCount);
			}
			int[] roles = new int[fieldCount];
			Arrays.fill(roles, -1);
			for (int role = TS; role <= VOLUME; role++) {
				roles[role] = role;
			}
			return roles;
		}

		private void parseRow(int from, int to, int[] roles, int fieldCount) throws DataFormatException {
			if (rows == ts.length) {
				int cap = rows + (rows >> 1) + 16;
				ts = Arrays.copyOf(ts, cap);
				for (int c = 1; c < 6; c++) {
					cols[c] = Arrays.copyOf(cols[c], cap);
				}
			}
			int column = 0;
			int start = from;
			int found = 0;
			for (int i = from;; i++) {
				if (i == to || b[i] == ',') {
					if (column < roles.length) {
						int role = roles[column];
						if (role >= 0) {
							int s = start;
							int e = i;
							while (s < e && (b[s] == ' ' || b[s] == '\t')) {
								s++;
							}
							while (e > s && (b[e - 1] == ' ' || b[e - 1] == '\t')) {
								e--;
							}
							if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"') {
								s++;
								e--;
							}
							if (role == TS) {
								ts[rows] = parseTimestamp(s, e);
							} else {
								cols[role][rows] = parseNumber(s, e, COLUMNS.get(role));
							}
							found++;
						}
					}
					column++;
					start = i + 1;
					if (i == to) {
						break;
					}
				}
			}
			if (found < 6) {
				// name the first required column the line lacks
				for (int c = column; c < roles.length; c++) {
					if (roles[c] >= 0) {
						throw new DataFormatException(file, lineNo, COLUMNS.get(roles[c]),
								"missing value (the line has " + column + " fields, the header " + fieldCount + ")");
					}
				}
			}
			checkBar(rows);
			String order = rows == 0 ? null : Bars.order(ts[rows], ts[rows - 1], "line " + prevLine);
			if (order != null) {
				throw new DataFormatException(file, lineNo, "timestamp", order);
			}
			prevLine = lineNo;
			rows++;
		}

		private String text(int s, int e) {
			return new String(b, s, e - s, StandardCharsets.UTF_8);
		}

		private double parseNumber(int s, int e, String field) throws DataFormatException {
			if (s == e) {
				throw new DataFormatException(file, lineNo, field, "missing value");
			}
			int i = s;
			boolean negative = false;
			if (b[i] == '-' || b[i] == '+') {
				negative = b[i] == '-';
				i++;
			}
			long mantissa = 0;
			int digits = 0; // significant digits accumulated
			int dropped = 0; // integer digits beyond what the mantissa holds
			int fraction = 0;
			boolean any = false;
			boolean exact = true;
			while (i < e && b[i] >= '0' && b[i] <= '9') {
				any = true;
				if (digits < 18) {
					mantissa = mantissa * 10 + (b[i] - '0');
					if (mantissa != 0) {
						digits++;
					}
				} else {
					dropped++;
					exact = false;
				}
				i++;
			}
			if (i < e && b[i] == '.') {
				i++;
				while (i < e && b[i] >= '0' && b[i] <= '9') {
					any = true;
					if (digits < 18) {
						mantissa = mantissa * 10 + (b[i] - '0');
						if (mantissa != 0) {
							digits++;
						}
						fraction++;
					} else {
						exact = false;
					}
					i++;
				}
			}
			int exponent = 0;
			if (any && i < e && (b[i] == 'e' || b[i] == 'E')) {
				i++;
				boolean expNeg = false;
				if (i < e && (b[i] == '-' || b[i] == '+')) {
					expNeg = b[i] == '-';
					i++;
				}
				int expStart = i;
				while (i < e && b[i] >= '0' && b[i] <= '9' && exponent < 100000) {
					exponent = exponent * 10 + (b[i] - '0');
					i++;
				}
				if (i == expStart) {
					any = false;
				}
				if (expNeg) {
					exponent = -exponent;
				}
			}
			if (!any || i != e) {
				return slowNumber(s, e, field);
			}
			int scale = exponent - fraction + dropped;
			if (exact && mantissa < (1L << 53) && scale >= -22 && scale <= 22) {
				double v = (double) mantissa;
				v = scale >= 0 ? v * POW10[scale] : v / POW10[-scale];
				return negative ? -v : v;
			}
			// well-formed, but beyond the exact fast path
			double v = Double.parseDouble(text(s, e));
			if (Double.isInfinite(v)) {
				throw new DataFormatException(file, lineNo, field, "infinite value is not allowed");
			}
			return v;
		}

		private void checkBar(int row) throws DataFormatException {
			Bars.Problem problem = Bars.problem(cols[OPEN][row], cols[HIGH][row], cols[LOW][row], cols[CLOSE][row],
					cols[VOLUME][row]);
			if (problem != null) {
				throw new DataFormatException(file, lineNo, problem.field(), problem.text());
			}
		}

		private double slowNumber(int s, int e, String field) throws DataFormatException {
			String t = text(s, e);
			String lower = t.toLowerCase(Locale.ROOT);
			if (lower.equals("nan") || lower.equals("+nan") || lower.equals("-nan")) {
				throw new DataFormatException(file, lineNo, field, "NaN is not allowed");
			}
			if (lower.matches("[+-]?(inf|infinity)")) {
				throw new DataFormatException(file, lineNo, field, "infinite value is not allowed");
			}
			double v;
			try {
				if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
					throw new NumberFormatException(t);
				}
				v = Double.parseDouble(t);
			} catch (NumberFormatException ex) {
				throw new DataFormatException(file, lineNo, field, "not a number: \"" + t + "\"");
			}
			if (Double.isInfinite(v)) {
				throw new DataFormatException(file, lineNo, field, "infinite value is not allowed");
			}
			return v;
		}

		private long parseTimestamp(int s, int e) throws DataFormatException {
			if (s == e) {
				throw new DataFormatException(file, lineNo, "timestamp", "missing value");
			}
			// epoch number?
			int i = s;
			if (b[i] == '-' || b[i] == '+') {
				i++;
			}
			boolean numeric = i < e;
			boolean dot = false;
			boolean digit = false;
			for (int k = i; k < e; k++) {
				byte c = b[k];
				if (c == '.' && !dot) {
					dot = true;
				} else if (c < '0' || c > '9') {
					numeric = false;
					break;
				} else {
					digit = true;
				}
			}
			if (numeric && digit) {
				return epoch(s, e, dot);
			}
			long iso = fastIso(s, e);
			if (iso != Long.MIN_VALUE) {
				return iso;
			}
			return slowIso(s, e);
		}

		private long epoch(int s, int e, boolean dot) throws DataFormatException {
			String t = text(s, e);
			double v;
			long whole;
			if (dot) {
				v = Double.parseDouble(t);
				whole = (long) v;
			} else {
				if (e - s > 19) {
					throw new DataFormatException(file, lineNo, "timestamp", "not a date-time or epoch number: \"" + t + "\"");
				}
				try {
					whole = Long.parseLong(t);
				} catch (NumberFormatException tooLarge) {
					throw new DataFormatException(file, lineNo, "timestamp", "not a date-time or epoch number: \"" + t + "\"");
				}
				v = whole;
			}
			if (!dot) {
				return Bars.epochMillis(whole);
			}
			double a = Math.abs(v);
			if (a < 1e11) {
				return Math.round(v * 1000.0);
			} else if (a < 1e14) {
				return Math.round(v);
			} else if (a < 1e17) {
				return Math.round(v / 1000.0);
			}
			return Math.round(v / 1e6);
		}

		private int digits(int from, int count, int e) {
			if (from + count > e) {
				return -1;
			}
			int v = 0;
			for (int k = from; k < from + count; k++) {
				byte c = b[k];
				if (c < '0' || c > '9') {
					return -1;
				}
				v = v * 10 + (c - '0');
			}
			return v;
		}

		/** yyyy-MM-dd[( |T)HH:mm[:ss[.f...]]][Z|(+|-)HH[:]MM|(+|-)HH]; Long.MIN_VALUE if it does not fit. */
		private long fastIso(int s, int e) {
			int year = digits(s, 4, e);
			if (year < 0 || s + 10 > e || b[s + 4] != '-' || b[s + 7] != '-') {
				return Long.MIN_VALUE;
			}
			int month = digits(s + 5, 2, e);
			int day = digits(s + 8, 2, e);
			if (month < 1 || month > 12 || day < 1 || day > 31) {
				return Long.MIN_VALUE;
			}
			int i = s + 10;
			long millisOfDay = 0;
			int offsetSeconds = 0;
			if (i < e) {
				if (b[i] != ' ' && b[i] != 'T') {
					return Long.MIN_VALUE;
				}
				int hour = digits(i + 1, 2, e);
				if (hour < 0 || i + 3 >= e || b[i + 3] != ':') {
					return Long.MIN_VALUE;
				}
				int minute = digits(i + 4, 2, e);
				if (minute < 0 || hour > 23 || minute > 59) {
					return Long.MIN_VALUE;
				}
				i += 6;
				int second = 0;
				long nanos = 0;
				if (i < e && b[i] == ':') {
					second = digits(i + 1, 2, e);
					if (second < 0 || second > 59) {
						return Long.MIN_VALUE;
					}
					i += 3;
					if (i < e && b[i] == '.') {
						i++;
						int count = 0;
						long frac = 0;
						while (i < e && b[i] >= '0' && b[i] <= '9') {
							if (count < 9) {
								frac = frac * 10 + (b[i] - '0');
								count++;
							}
							i++;
						}
						if (count == 0) {
							return Long.MIN_VALUE;
						}
						for (int k = count; k < 9; k++) {
							frac *= 10;
						}
						nanos = frac;
					}
				}
				millisOfDay = ((hour * 60L + minute) * 60L + second) * 1000L + nanos / 1_000_000L;
				if (i < e) {
					if (b[i] == 'Z' && i + 1 == e) {
						i++;
					} else if (b[i] == '+' || b[i] == '-') {
						int sign = b[i] == '-' ? -1 : 1;
						int oh = digits(i + 1, 2, e);
						if (oh < 0 || oh > 18) {
							return Long.MIN_VALUE;
						}
						int k = i + 3;
						int om = 0;
						if (k < e) {
							if (b[k] == ':') {
								k++;
							}
							om = digits(k, 2, e);
							if (om < 0 || om > 59) {
								return Long.MIN_VALUE;
							}
							k += 2;
						}
						if (k != e) {
							return Long.MIN_VALUE;
						}
						offsetSeconds = sign * (oh * 3600 + om * 60);
						i = e;
					} else {
						return Long.MIN_VALUE;
					}
				}
			}
			if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
				return Long.MIN_VALUE;
			}
			long days = daysFromCivil(year, month, day);
			return days * 86_400_000L + millisOfDay - offsetSeconds * 1000L;
		}

		private long slowIso(int s, int e) throws DataFormatException {
			String t = text(s, e);
			try {
				return OffsetDateTime.parse(t).toInstant().toEpochMilli();
			} catch (DateTimeParseException ignored) {
				// next form
			}
			try {
				return Instant.parse(t).toEpochMilli();
			} catch (DateTimeParseException ignored) {
				// next form
			}
			try {
				return LocalDateTime.parse(t.replace(' ', 'T')).toInstant(ZoneOffset.UTC).toEpochMilli();
			} catch (DateTimeParseException ignored) {
				// next form
			}
			throw new DataFormatException(file, lineNo, "timestamp", "not a date-time or epoch number: \"" + t + "\"");
		}

		/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm). */
		private static long daysFromCivil(int y, int m, int d) {
			y -= m <= 2 ? 1 : 0;
			long era = Math.floorDiv(y, 400);
			long yoe = y - era * 400;
			long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
			long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
			return era * 146097 + doe - 719468;
		}
	}
}
