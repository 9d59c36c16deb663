package io.backstop.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The progress line the console and the Progress view print. */
class RunProgressTest {

	@Test
	void aSweepSpreadOverTheClusterShowsEachMembersShareAfterTheTotal() {
		Map<String, Long> byMember = new LinkedHashMap<>();
		byMember.put("127.0.0.1:5701", 1_234L);
		byMember.put("127.0.0.1:5702", 987L);
		byMember.put("127.0.0.1:5703", 0L);
		RunProgress progress = new RunProgress(RunState.RUNNING, 2_221, 10_314, "combos", 812.4, Duration.ofSeconds(10),
				"sharpe", 1.25, byMember);

		assertEquals("2,221 of 10,314 combos · 812 combos/s · ETA 10 s · best sharpe 1.25 · 127.0.0.1:5701 1,234 · "
				+ "127.0.0.1:5702 987 · 127.0.0.1:5703 0", progress.describe());
	}

	@Test
	void aRunOnThisMemberOnlyShowsNoMembers() {
		RunProgress progress = new RunProgress(RunState.COMPLETED, 270, 270, "combos", 0, null, "sharpe", 1.25);

		assertEquals("270 of 270 combos · best sharpe 1.25", progress.describe());
	}
}
