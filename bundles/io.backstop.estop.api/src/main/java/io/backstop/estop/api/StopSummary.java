package io.backstop.estop.api;

import java.time.Instant;
import java.util.List;

/**
 * What scripts of the original application read from a stop, under {@code summary} in the
 * JSON report ({@link EmergencyStop#toJson(StopReport)}), with the original's names in snake case.
 *
 * @param timestamp          when the stop was requested
 * @param componentsCleaned  every live component cleaned, in step order
 * @param errors             "step: error" for every step that left something behind
 * @param ramFreedMb         resident memory the process gave back (negative if it grew)
 * @param vramFreedMb        device memory that became free on the local device
 * @param ollamaVramFreedMb  what Ollama reported freed for the models it unloaded
 * @param currentRamMb       resident memory after the stop
 * @param gcCollectedBytes   heap the collector reclaimed during the stop (the JVM counts bytes, not objects)
 * @param gcCollections      garbage collections during the stop
 * @param workBlockedAt      when new work was blocked, see {@link StopReport#workBlockedAt()}
 * @param workHaltedAt       when the last work halted, see {@link StopReport#workHaltedAt()}
 */
public record StopSummary(Instant timestamp, List<String> componentsCleaned, List<String> errors, double ramFreedMb,
		double vramFreedMb, double ollamaVramFreedMb, double currentRamMb, long gcCollectedBytes, long gcCollections,
		Instant workBlockedAt, Instant workHaltedAt) {

	public StopSummary {
		componentsCleaned = List.copyOf(componentsCleaned);
		errors = List.copyOf(errors);
	}
}
