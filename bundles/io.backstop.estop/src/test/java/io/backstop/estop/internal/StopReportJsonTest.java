package io.backstop.estop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.backstop.estop.api.MemorySnapshot;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

/** The JSON form of stop reports: what the history keeps and what {@code estop --json} prints. */
class StopReportJsonTest {

	private static final long MB = 1L << 20;
	private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

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

	private static StepReport step(String id, StepResult result) {
		return new StepReport(id, id, 100, "test", NOW, 1, result.withCounters(Map.of()));
	}

	private static MemorySnapshot snapshot(long resident, long vramFree, long gcCount) {
		long heapUsed = gcCount == 10 ? 100 * MB : 50 * MB;
		return new MemorySnapshot(NOW, heapUsed, 200 * MB, resident, 8000 * MB, vramFree, vramFree < 0 ? -1 : 8192 * MB,
				gcCount, 40);
	}
}
