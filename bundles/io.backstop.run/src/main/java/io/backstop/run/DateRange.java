package io.backstop.run;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import io.backstop.data.OhlcvSeries;

/**
 * The bars of the open series a run uses: those from {@code from} to {@code to}, both included
 * (UTC). Either end may be open (null): from the first bar, to the last.
 *
 * @param from the first time included, or null for the first bar
 * @param to   the last time included, or null for the last bar
 */
public record DateRange(Instant from, Instant to) {

	/** Every bar of the series. */
	public static final DateRange ALL = new DateRange(null, null);

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	public DateRange {
		if (from != null && to != null && to.isBefore(from)) {
			throw new IllegalArgumentException("to: " + Formats.barTime(to.toEpochMilli()) + " is before from "
					+ Formats.barTime(from.toEpochMilli()));
		}
	}

	/**
	 * A range as people type its ends: {@code 2025-05-01} or {@code 2025-05-01 14:30} (UTC), or blank
	 * for an open end. A day alone as {@code to} includes that whole day.
	 *
	 * @throws IllegalArgumentException one line naming the field ({@code fromField} or {@code toField})
	 */
	public static DateRange parse(String fromField, String fromText, String toField, String toText) {
		Instant from = time(fromField, fromText, false);
		Instant to = time(toField, toText, true);
		if (from != null && to != null && to.isBefore(from)) {
			throw new IllegalArgumentException(toField + ": " + Formats.barTime(to.toEpochMilli()) + " is before "
					+ fromField + " " + Formats.barTime(from.toEpochMilli()));
		}
		return new DateRange(from, to);
	}

	private static Instant time(String field, String text, boolean endOfDay) {
		if (text == null || text.isBlank()) {
			return null;
		}
		String t = text.strip();
		try {
			if (t.length() <= 10) {
				LocalDate day = LocalDate.parse(t);
				return endOfDay ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).minusMillis(1)
						: day.atStartOfDay().toInstant(ZoneOffset.UTC);
			}
			return LocalDateTime.parse(t.replace('T', ' '), MINUTE).toInstant(ZoneOffset.UTC);
		} catch (DateTimeParseException e) {
			throw new IllegalArgumentException(field + ": '" + t + "' is not a date (2025-05-01 or 2025-05-01 14:30, UTC)");
		}
	}

	public boolean isAll() {
		return from == null && to == null;
	}

	/**
	 * The series' bars within the range, named after the range ("BTCUSDT 5m from 2025-05-01 00:00 UTC
	 * to 2025-05-10 23:59 UTC"); the series itself when the range is all of it.
	 *
	 * @throws IllegalArgumentException naming from/to and the series' own first and last bar when no bar is within
	 */
	public OhlcvSeries apply(OhlcvSeries series) {
		if (isAll()) {
			return series;
		}
		int[] within = within(series);
		return series.slice(within[0], within[1]).withName(series.name() + " " + describe(), series.source());
	}

	/**
	 * How many of the series' bars are within the range, without copying them.
	 *
	 * @throws IllegalArgumentException as {@link #apply(OhlcvSeries)} does
	 */
	public int bars(OhlcvSeries series) {
		int[] within = within(series);
		return within[1] - within[0];
	}

	/** The first bar within and the one after the last. */
	private int[] within(OhlcvSeries series) {
		long[] times = series.timestamps();
		int first = 0;
		while (from != null && first < times.length && times[first] < from.toEpochMilli()) {
			first++;
		}
		int end = times.length;
		while (to != null && end > first && times[end - 1] > to.toEpochMilli()) {
			end--;
		}
		if (first >= end) {
			throw new IllegalArgumentException("from/to: no bar of " + series.name() + " " + describe() + "; it runs from "
					+ Formats.barTime(times[0]) + " to " + Formats.barTime(times[times.length - 1]));
		}
		return new int[] { first, end };
	}

	/** "from 2025-05-01 00:00 UTC to 2025-05-10 23:59 UTC", "from ...", "to ..."; "all bars". */
	public String describe() {
		if (isAll()) {
			return "all bars";
		}
		return ((from == null ? "" : "from " + Formats.barTime(from.toEpochMilli()))
				+ (from != null && to != null ? " " : "") + (to == null ? "" : "to " + Formats.barTime(to.toEpochMilli())));
	}
}
