package io.backstop.estop.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StopReportTest {

	private static final long MB = 1L << 20;
	private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

	@Test
	void summaryCountsStepsAndMemoryFreed() {
		StopReport report = report(1500 * MB, 1088 * MB, 4000 * MB, 4512 * MB, List.of(
				step("sweep.halt", StepResult.cleaned("halted", 0, List.of("sweep-1"))),
				step("llm.models", StepResult.skipped("Ollama not running")),
				step("gpu.memory", StepResult.failed(new IllegalStateException("driver gone")))));

		assertEquals("Stop complete: 1 components cleaned, 1 skipped, 1 errors; RAM freed 412 MB; VRAM freed 512 MB",
				report.summary());
		assertEquals(List.of("gpu.memory: IllegalStateException: driver gone"), report.errors());
	}

	@Test
	void aProcessThatGrewDuringTheStopIsNotShownAsNegativeFreedMemory() {
		StopReport report = report(300 * MB, 317 * MB, -1, -1,
				List.of(step("memory.gc", StepResult.cleaned("1 pass", MB, List.of("heap")))));

		assertEquals(-17 * MB, report.ramFreedBytes());
		assertEquals("Stop complete: 1 components cleaned, 0 skipped, 0 errors; RAM freed 0 MB (resident +17 MB); "
				+ "VRAM freed 0 MB", report.summary());
	}

	private static StopReport report(long residentBefore, long residentAfter, long vramFreeBefore, long vramFreeAfter,
			List<StepReport> steps) {
		long vramTotal = vramFreeBefore < 0 ? -1 : 8192 * MB;
		MemorySnapshot before = new MemorySnapshot(NOW, 100 * MB, 200 * MB, residentBefore, 8000 * MB, vramFreeBefore,
				vramTotal, 10, 40);
		MemorySnapshot after = new MemorySnapshot(NOW, 50 * MB, 100 * MB, residentAfter, 8400 * MB, vramFreeAfter,
				vramTotal, 12, 60);
		return new StopReport("r", NOW, StopRequest.of("test", "test"), 200, steps, before, after);
	}

	private static StepReport step(String id, StepResult result) {
		return new StepReport(id, id, 100, "test", NOW, 1, result.withCounters(Map.of()));
	}

	@Test
	void theTwoPhasesAreMeasuredFromTheRequestAndShownInTheSummary() {
		StopReport report = new StopReport("r", NOW, StopRequest.of("test", "test"), 200,
				List.of(step("sweep.halt", StepResult.cleaned("halted", 0, List.of("sweep-1")))), snapshot(300 * MB, -1, 10),
				snapshot(300 * MB, -1, 10), NOW.plusNanos(150_000), NOW.plusNanos(4_230_000));

		assertEquals(Duration.ofNanos(150_000), report.workBlockedAfter());
		assertEquals(Duration.ofNanos(4_230_000), report.workHaltedAfter());
		assertTrue(report.summary().startsWith(
				"Stop complete: new work blocked after 0.2 ms, last work halted after 4.2 ms; 1 components cleaned"),
				report.summary());
	}

	private static MemorySnapshot snapshot(long resident, long vramFree, long gcCount) {
		long heapUsed = gcCount == 10 ? 100 * MB : 50 * MB;
		return new MemorySnapshot(NOW, heapUsed, 200 * MB, resident, 8000 * MB, vramFree, vramFree < 0 ? -1 : 8192 * MB,
				gcCount, 40);
	}
}
