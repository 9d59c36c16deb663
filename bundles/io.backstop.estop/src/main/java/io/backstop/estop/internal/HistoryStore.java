package io.backstop.estop.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.backstop.estop.api.StopReport;

/**
 * Past stop reports as one JSON file, newest first, at most {@code capacity}. Written by
 * replacing the file atomically, so a crash mid-write leaves the previous history.
 */
final class HistoryStore {

	private final Path file;
	private final int capacity;
	private final List<StopReport> reports = new ArrayList<>();
	private final Object writing = new Object();
	private String loadProblem;

	HistoryStore(Path file, int capacity) {
		this.file = file;
		this.capacity = capacity;
		load();
	}

	/** Why the previous history could not be read, or null. */
	synchronized String loadProblem() {
		return loadProblem;
	}

	synchronized List<StopReport> newest(int max) {
		return List.copyOf(reports.subList(0, Math.min(Math.max(max, 0), reports.size())));
	}

	/** Records the report and writes the file. */
	void add(StopReport report) throws IOException {
		record(report);
		persist();
	}

	/** Records the report in memory: {@link #newest(int)} has it at once, the file after {@link #persist()}. */
	synchronized void record(StopReport report) {
		reports.add(0, report);
		while (reports.size() > capacity) {
			reports.remove(reports.size() - 1);
		}
	}

	/** Writes the reports recorded so far; readers of the history do not wait for the disk. */
	void persist() throws IOException {
		synchronized (writing) {
			List<StopReport> current;
			synchronized (this) {
				current = List.copyOf(reports);
			}
			Files.createDirectories(file.getParent());
			Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
			Files.writeString(temporary, StopReportJson.toJson(current), StandardCharsets.UTF_8);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
	}

	private void load() {
		if (!Files.exists(file)) {
			return;
		}
		try {
			reports.addAll(StopReportJson.listFromJson(Files.readString(file, StandardCharsets.UTF_8)));
		} catch (IOException | RuntimeException e) {
			setAside(e);
		}
	}

	/** Keeps the unreadable file for inspection and starts a new history. */
	private void setAside(Exception cause) {
		Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
		try {
			Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
			loadProblem = "stop history " + file + " could not be read (" + cause.getMessage() + "); moved to " + aside;
		} catch (IOException e) {
			loadProblem = "stop history " + file + " could not be read nor moved aside: " + e.getMessage();
		}
		reports.clear();
	}
}
