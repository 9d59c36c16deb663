package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.estop.api.MemorySnapshot;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;

class StopReportFormatTest {

	private static final Instant REQUESTED = Instant.parse("2026-11-26T13:30:00Z");

	@Test
	void theTableShowsWhenNewWorkWasBlockedAndWhenTheLastWorkHalted() {
		StopReport report = report(REQUESTED.plusNanos(150_000), REQUESTED.plusNanos(4_230_000));

		String table = StopReportFormat.table(report);

		List<String> lines = table.lines().toList();
		assertEquals("new work blocked  2026-11-26 13:30:00.000150 UTC (+0.2 ms)", lines.get(1));
		assertEquals("last work halted  2026-11-26 13:30:00.004230 UTC (+4.2 ms)", lines.get(2));
		assertTrue(lines.get(lines.size() - 1)
				.startsWith("Stop complete: new work blocked after 0.2 ms, last work halted after 4.2 ms; "),
				lines.get(lines.size() - 1));
	}

	@Test
	void aReportKeptBeforeThePhasesWereRecordedShowsNoPhaseLines() {
		StopReport report = report(null, null);

		String table = StopReportFormat.table(report);

		assertEquals("", StopReportFormat.phases(report));
		assertFalse(table.contains("work blocked"), table);
		assertFalse(table.contains("work halted"), table);
	}

	private static StopReport report(Instant blocked, Instant halted) {
		MemorySnapshot memory = new MemorySnapshot(REQUESTED, 100L << 20, 200L << 20, 300L << 20, 8000L << 20, -1, -1,
				10, 40);
		StepReport halt = new StepReport("sweep.halt", "Halt sweeps", 100, "io.backstop.sweep", REQUESTED, 4,
				StepResult.cleaned("1 sweep halted", 0, List.of("sweep-1")));
		return new StopReport("0123456789abcdef", REQUESTED, StopRequest.of("test", "console"), 12, List.of(halt),
				memory, memory, blocked, halted);
	}
}
