package io.backstop.estop.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.estop.api.MemorySnapshot;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

class HistoryStoreTest {

	@TempDir
	Path workspace;

	@Test
	void reportsRoundTripThroughJson() {
		StopReport report = report("r1");

		StopReport back = StopReportJson.fromJson(StopReportJson.toJson(report));

		assertEquals(report, back);
		assertEquals(List.of("sweep-1", "sweep-2"), back.componentsCleaned());
		assertEquals(List.of("gpu.memory: IllegalStateException: boom"), back.errors());
		assertEquals(300L << 20, back.ramFreedBytes());
	}

	@Test
	void historySurvivesARestartNewestFirstAndCapped() throws IOException {
		Path file = workspace.resolve("state/stop-history.json");
		HistoryStore store = new HistoryStore(file, 3);
		for (int i = 1; i <= 5; i++) {
			store.add(report("r" + i));
		}

		HistoryStore reopened = new HistoryStore(file, 3);

		assertNull(reopened.loadProblem());
		assertEquals(List.of("r5", "r4", "r3"), reopened.newest(10).stream().map(StopReport::id).toList());
		assertEquals(List.of("r5"), reopened.newest(1).stream().map(StopReport::id).toList());
	}

	@Test
	void aCorruptHistoryIsSetAsideAndANewOneStarted() throws IOException {
		Path file = workspace.resolve("stop-history.json");
		Files.writeString(file, "[{\"id\": \"half-written\", \"timestamp\": ");

		HistoryStore store = new HistoryStore(file, 100);

		assertNotNull(store.loadProblem());
		assertTrue(store.newest(10).isEmpty());
		try (var files = Files.list(workspace)) {
			Path aside = files.filter(p -> p.getFileName().toString().startsWith("stop-history.json.corrupt-"))
					.findFirst().orElseThrow();
			assertTrue(Files.readString(aside).contains("half-written"), "the damaged file is kept");
		}
		store.add(report("fresh"));
		assertEquals(List.of("fresh"), new HistoryStore(file, 100).newest(10).stream().map(StopReport::id).toList());
	}

	@Test
	void aHistoryWrittenBeforeTheStopPhasesWereRecordedStillLoadsAndGrows() throws IOException {
		Path file = workspace.resolve("stop-history.json");
		String old = StopReportJson.toJson(List.of(report("old")))
				.replaceAll("(?s),\\s*\"workBlockedAt\": null,\\s*\"workHaltedAt\": null", "")
				.replaceAll("(?s),\\s*\"summary\": \\{[^}]*\\}", "");
		assertFalse(old.contains("workHaltedAt") || old.contains("summary"), old);
		Files.writeString(file, old);

		HistoryStore store = new HistoryStore(file, 10);
		Instant requested = Instant.parse("2026-11-26T12:00:00Z");
		StopReport current = new StopReport("new", requested, StopRequest.of("test", "console"), 5, List.of(),
				report("x").before(), report("x").after(), requested.plusNanos(90_000), requested.plusMillis(3));
		store.add(current);

		assertNull(store.loadProblem());
		List<StopReport> reloaded = new HistoryStore(file, 10).newest(10);
		assertEquals(List.of("new", "old"), reloaded.stream().map(StopReport::id).toList());
		assertEquals(current, reloaded.get(0));
		assertNull(reloaded.get(1).workHaltedAt());
		assertEquals(report("old").errors(), reloaded.get(1).errors());
	}

	static StopReport report(String id) {
		Instant now = Instant.parse("2026-11-26T12:00:00Z");
		MemorySnapshot before = new MemorySnapshot(now, 900L << 20, 1200L << 20, 1500L << 20, 8000L << 20, -1, -1, 10, 50);
		MemorySnapshot after = new MemorySnapshot(now.plusMillis(120), 100L << 20, 300L << 20, 1200L << 20,
				8300L << 20, -1, -1, 13, 80);
		StepReport sweep = new StepReport("sweep.halt", "Halt sweeps", 100, "io.backstop.sweep", now, 4,
				new StepResult(StepStatus.CLEANED, "2 sweeps halted", List.of("sweep-1", "sweep-2"), 0,
						Map.of("sweeps.halted", 2L), null));
		StepReport gpu = new StepReport("gpu.memory", "Free GPU memory", 400, "io.backstop.gpu", now, 1,
				StepResult.failed(new IllegalStateException("boom")));
		StepReport skipped = new StepReport("llm.models", "Unload models", 200, "io.backstop.llm", now, 2,
				StepResult.skipped("Ollama not running"));
		return new StopReport(id, now, StopRequest.of("test", "console"), 120, List.of(sweep, skipped, gpu), before,
				after);
	}
}
