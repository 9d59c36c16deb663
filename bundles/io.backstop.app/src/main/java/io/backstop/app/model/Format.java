package io.backstop.app.model;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import io.backstop.estop.api.StepStatus;

/** Memory and wall-clock figures as the status line and the Emergency Stop view show them. */
public final class Format {

	private static final DateTimeFormatter LOCAL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
			.withZone(java.time.ZoneId.systemDefault());

	private Format() {
	}

	/** Whole megabytes, rounded; "?" for a negative (unknown) figure. */
	public static String megabytes(long bytes) {
		return bytes < 0 ? "?" : Math.round(bytes / (1024.0 * 1024.0)) + " MB";
	}

	/**
	 * What a stop step released: signed megabytes with one decimal below 10 MB, or a dash for a step
	 * that had nothing to do or did not run to the end (skipped, failed, timed out) and released nothing.
	 */
	public static String released(StepStatus status, long bytes) {
		if (bytes == 0) {
			return status == StepStatus.CLEANED || status == StepStatus.PARTIAL ? "0 MB" : ResultsTable.MISSING;
		}
		double mb = bytes / (1024.0 * 1024.0);
		return Math.abs(mb) < 10 ? String.format(Locale.ROOT, "%.1f MB", mb) : Math.round(mb) + " MB";
	}

	/** Gigabytes with one decimal. */
	public static String gigabytes(long bytes) {
		return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024.0 * 1024.0));
	}

	/** "2.7 s" below 10 s, "14 s" from there. */
	public static String seconds(long millis) {
		return millis < 10_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : Math.round(millis / 1000.0) + " s";
	}

	/** A wall-clock instant in the local zone. */
	public static String local(Instant instant) {
		return instant == null ? "" : LOCAL_TIME.format(instant);
	}
}
