package io.backstop.estop.api;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one emergency stop: every step in the order it ran, and memory measured
 * before and after.
 */
public record StopReport(String id, Instant timestamp, StopRequest request, long durationMillis,
		List<StepReport> steps, MemorySnapshot before, MemorySnapshot after) {

	public StopReport {
		Objects.requireNonNull(id, "id");
		steps = List.copyOf(steps);
	}

	/** Names of every live component cleaned, across steps, in step order. */
	public List<String> componentsCleaned() {
		return steps.stream().flatMap(s -> s.componentsCleaned().stream()).toList();
	}

	/** "step: error" for every PARTIAL, FAILED or TIMED_OUT step. */
	public List<String> errors() {
		return steps.stream().filter(s -> s.status().isProblem())
				.map(s -> s.id() + ": " + s.result().error()).toList();
	}

	public long count(StepStatus status) {
		return steps.stream().filter(s -> s.status() == status).count();
	}

	/** Resident memory the process gave back to the OS (negative if it grew). */
	public long ramFreedBytes() {
		return difference(before.processResidentBytes(), after.processResidentBytes());
	}

	/** JVM heap no longer in use. */
	public long heapFreedBytes() {
		return difference(before.heapUsedBytes(), after.heapUsedBytes());
	}

	/** Device memory that became free; 0 without a device. */
	public long vramFreedBytes() {
		if (!before.hasDevice() || !after.hasDevice()) {
			return 0;
		}
		return after.vramFreeBytes() - before.vramFreeBytes();
	}

	public long currentRamBytes() {
		return after.processResidentBytes();
	}

	/** Garbage collections that ran during the stop. */
	public long gcCollections() {
		return after.gcCount() - before.gcCount();
	}

	/**
	 * "Stop complete: 5 components cleaned, 2 skipped, 0 errors; RAM freed 412 MB; VRAM freed 0 MB".
	 * When the process grew during the stop (little was released, and the stop's own threads and
	 * connections cost more), it says so rather than showing a negative amount freed:
	 * "RAM freed 0 MB (resident +17 MB)".
	 */
	public String summary() {
		long ramFreed = megabytes(ramFreedBytes());
		String ram = ramFreed >= 0 ? ramFreed + " MB" : "0 MB (resident +" + -ramFreed + " MB)";
		long partial = count(StepStatus.PARTIAL);
		return "Stop complete: " + count(StepStatus.CLEANED) + " components cleaned, "
				+ (partial > 0 ? partial + " partly cleaned, " : "") + count(StepStatus.SKIPPED) + " skipped, " + errors().size() + " errors; RAM freed " + ram + "; VRAM freed "
				+ megabytes(vramFreedBytes()) + " MB";
	}

	private static long difference(long before, long after) {
		return before < 0 || after < 0 ? 0 : before - after;
	}

	private static long megabytes(long bytes) {
		return Math.round(bytes / (1024.0 * 1024.0));
	}
}
