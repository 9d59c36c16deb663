package io.backstop.estop.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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

	@Test
	void theJsonReportCarriesThePhasesAndTheSummaryScriptsRead() {
		StepResult unloaded = StepResult.cleaned("unloaded 2 models", 0, List.of("llama3", "qwen"))
				.withCounters(Map.of(StopReport.OLLAMA_VRAM_FREED_COUNTER, 5120 * MB));
		StopReport report = new StopReport("r", NOW, StopRequest.of("test", "test"), 200,
				List.of(new StepReport("llm.models", "Unload models", 200, "test", NOW, 3, unloaded), step("gpu.memory", StepResult.failed(new IllegalStateException("driver gone")))),
				snapshot(1500 * MB, 4000 * MB, 10), snapshot(1088 * MB, 4512 * MB, 13), NOW.plusMillis(1), NOW.plusMillis(9));

		JsonObject json = JsonParser.parseString(StopReportJson.toJson(report)).getAsJsonObject();
		JsonObject summary = json.getAsJsonObject("summary");

		assertEquals(NOW.plusMillis(1).toString(), json.get("workBlockedAt").getAsString());
		assertEquals(NOW.plusMillis(9).toString(), json.get("workHaltedAt").getAsString());
		assertEquals(NOW.toString(), summary.get("timestamp").getAsString());
		assertEquals("[\"llama3\",\"qwen\"]", summary.get("components_cleaned").toString());
		assertEquals("[\"gpu.memory: IllegalStateException: driver gone\"]", summary.get("errors").toString());
		assertEquals(412.0, summary.get("ram_freed_mb").getAsDouble());
		assertEquals(512.0, summary.get("vram_freed_mb").getAsDouble());
		assertEquals(5120.0, summary.get("ollama_vram_freed_mb").getAsDouble());
		assertEquals(1088.0, summary.get("current_ram_mb").getAsDouble());
		assertEquals(50 * MB, summary.get("gc_collected_bytes").getAsLong());
		assertEquals(3, summary.get("gc_collections").getAsLong());
		assertEquals(NOW.plusMillis(9).toString(), summary.get("work_halted_at").getAsString());
		assertEquals(report, StopReportJson.fromJson(StopReportJson.toJson(report)), "the summary is derived, not read back");
		assertTrue(report.summary().endsWith("; Ollama VRAM freed 5120 MB"), report.summary());
	}

	@Test
	void aReportKeptBeforeThePhasesWereRecordedStillReads() {
		String old = """
				{"id": "old", "timestamp": "2026-11-20T10:00:00Z",
				 "request": {"reason": "test", "requestedBy": "console", "clearDiskCache": false},
				 "durationMillis": 120, "steps": [],
				 "before": {"at": "2026-11-20T10:00:00Z", "heapUsedBytes": 1, "heapCommittedBytes": 2,
				   "processResidentBytes": 3, "systemAvailableBytes": 4, "vramFreeBytes": -1, "vramTotalBytes": -1,
				   "gcCount": 1, "gcTimeMillis": 1},
				 "after": {"at": "2026-11-20T10:00:01Z", "heapUsedBytes": 1, "heapCommittedBytes": 2,
				   "processResidentBytes": 3, "systemAvailableBytes": 4, "vramFreeBytes": -1, "vramTotalBytes": -1,
				   "gcCount": 1, "gcTimeMillis": 1}}""";

		StopReport report = StopReportJson.listFromJson("[" + old + "]").get(0);

		assertNull(report.workBlockedAt());
		assertNull(report.workHaltedAfter());
		assertEquals("Stop complete: 0 components cleaned, 0 skipped, 0 errors; RAM freed 0 MB; VRAM freed 0 MB",
				report.summary());
		assertTrue(StopReportJson.toJson(report).contains("\"summary\""));
	}

	private static MemorySnapshot snapshot(long resident, long vramFree, long gcCount) {
		long heapUsed = gcCount == 10 ? 100 * MB : 50 * MB;
		return new MemorySnapshot(NOW, heapUsed, 200 * MB, resident, 8000 * MB, vramFree, vramFree < 0 ? -1 : 8192 * MB,
				gcCount, 40);
	}
}
