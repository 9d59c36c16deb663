package io.backstop.estop.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The outcome of one emergency stop: every step in the order it ran, memory measured before
 * anything was released (once work has halted) and after, and the stop's two phases, as an exchange's kill switch reports them:
 * <ul>
 * <li>{@link #workBlockedAt()}: the instant the {@link StopSignal} was raised. From then on new
 * work is refused and running loops see the flag on their next check.</li>
 * <li>{@link #workHaltedAt()}: the instant the last step ordered below
 * {@link Stoppable#WORK_HALTING_ORDER_LIMIT} ended (returned, or was abandoned at its deadline),
 * the signal's callbacks included; the instant the signal was raised when no such step ran. A
 * halting step that is not CLEANED or SKIPPED means some work may still run: {@link #errors()}
 * says which.</li>
 * </ul>
 * Both are null in reports kept before they were recorded.
 *
 * @param timestamp when the stop was requested
 */
public record StopReport(String id, Instant timestamp, StopRequest request, long durationMillis,
		List<StepReport> steps, MemorySnapshot before, MemorySnapshot after, Instant workBlockedAt,
		Instant workHaltedAt) {

	/**
	 * The {@link StepResult#counters() counter} in which the model-unloading step reports the
	 * VRAM Ollama said it freed, in bytes; the device the report measures may be another one.
	 */
	public static final String OLLAMA_VRAM_FREED_COUNTER = "ollama.vram.freed.bytes";

	private static final double MEGABYTE = 1024.0 * 1024.0;

	public StopReport {
		Objects.requireNonNull(id, "id");
		steps = List.copyOf(steps);
	}

	/** A report without the two phases. */
	public StopReport(String id, Instant timestamp, StopRequest request, long durationMillis, List<StepReport> steps,
			MemorySnapshot before, MemorySnapshot after) {
		this(id, timestamp, request, durationMillis, steps, before, after, null, null);
	}

	/** Time from the request until new work was blocked; null when not recorded. */
	public Duration workBlockedAfter() {
		return sinceRequest(workBlockedAt);
	}

	/** Time from the request until the last work halted; null when not recorded. */
	public Duration workHaltedAfter() {
		return sinceRequest(workHaltedAt);
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

	/** What Ollama reported freed for the models it unloaded ({@link #OLLAMA_VRAM_FREED_COUNTER}); 0 when none. */
	public long ollamaVramFreedBytes() {
		return steps.stream().mapToLong(s -> s.counters().getOrDefault(OLLAMA_VRAM_FREED_COUNTER, 0L)).sum();
	}

	public long currentRamBytes() {
		return after.processResidentBytes();
	}

	/** Garbage collections that ran during the stop. */
	public long gcCollections() {
		return after.gcCount() - before.gcCount();
	}

	/** Heap the collector reclaimed during the stop: heap in use before minus after, never negative. */
	public long gcCollectedBytes() {
		return Math.max(0, heapFreedBytes());
	}

	/** The figures scripts of the original application read from a stop, in megabytes where they are sizes. */
	public StopSummary scriptSummary() {
		return new StopSummary(timestamp, componentsCleaned(), errors(), megabytes(ramFreedBytes()),
				megabytes(vramFreedBytes()), megabytes(ollamaVramFreedBytes()), megabytes(currentRamBytes()),
				gcCollectedBytes(), gcCollections(), workBlockedAt, workHaltedAt);
	}

	/**
	 * "Stop complete: new work blocked after 0.1 ms, last work halted after 4.2 ms; 5 components
	 * cleaned, 2 skipped, 0 errors; RAM freed 412 MB; VRAM freed 0 MB". When the process grew
	 * during the stop (little was released, and the stop's own threads and connections cost more),
	 * it says so rather than showing a negative amount freed: "RAM freed 0 MB (resident +17 MB)".
	 * The two phases are left out of reports that did not record them; Ollama's VRAM is added
	 * when it reported some.
	 */
	public String summary() {
		long ramFreed = roundedMegabytes(ramFreedBytes());
		String ram = ramFreed >= 0 ? ramFreed + " MB" : "0 MB (resident +" + -ramFreed + " MB)";
		long partial = count(StepStatus.PARTIAL);
		long ollama = ollamaVramFreedBytes();
		return "Stop complete: " + phases() + count(StepStatus.CLEANED) + " components cleaned, "
				+ (partial > 0 ? partial + " partly cleaned, " : "") + count(StepStatus.SKIPPED) + " skipped, "
				+ errors().size() + " errors; RAM freed " + ram + "; VRAM freed " + roundedMegabytes(vramFreedBytes())
				+ " MB" + (ollama > 0 ? "; Ollama VRAM freed " + roundedMegabytes(ollama) + " MB" : "");
	}

	/** "new work blocked after 0.1 ms, last work halted after 4.2 ms; ", or "" when not recorded. */
	private String phases() {
		Duration blocked = workBlockedAfter();
		Duration halted = workHaltedAfter();
		if (blocked == null || halted == null) {
			return "";
		}
		return "new work blocked after " + millis(blocked) + ", last work halted after " + millis(halted) + "; ";
	}

	/** "0.3 ms" under 10 ms, where the tenths matter, else "1,234 ms". */
	public static String millis(Duration duration) {
		double millis = duration.toNanos() / 1e6;
		return millis < 10 ? String.format(Locale.ROOT, "%.1f ms", millis)
				: String.format(Locale.ROOT, "%,d ms", Math.round(millis));
	}

	private Duration sinceRequest(Instant instant) {
		return instant == null || timestamp == null ? null : Duration.between(timestamp, instant);
	}

	private static long difference(long before, long after) {
		return before < 0 || after < 0 ? 0 : before - after;
	}

	private static long roundedMegabytes(long bytes) {
		return Math.round(bytes / MEGABYTE);
	}

	/** Megabytes to one decimal, as the original's scripts read them. */
	private static double megabytes(long bytes) {
		return Math.round(bytes / MEGABYTE * 10) / 10.0;
	}
}
