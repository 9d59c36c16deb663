package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import io.backstop.estop.api.StepStatus;

/** Memory a stop step released, as the Emergency Stop view shows it. */
class FormatTest {

	@Test
	void aStepThatReleasedNothingBecauseItHadNothingToDoOrDidNotFinishShowsADashNotZeroMegabytes() {
		assertEquals("\u2014", Format.released(StepStatus.SKIPPED, 0));
		assertEquals("\u2014", Format.released(StepStatus.FAILED, 0));
		assertEquals("\u2014", Format.released(StepStatus.TIMED_OUT, 0));
		assertEquals("0 MB", Format.released(StepStatus.CLEANED, 0), "it ran and released no memory");
		assertEquals("2.5 MB", Format.released(StepStatus.CLEANED, 5 * 512 * 1024));
		assertEquals("-1.0 MB", Format.released(StepStatus.PARTIAL, -1024 * 1024));
		assertEquals("120 MB", Format.released(StepStatus.SKIPPED, 120L * 1024 * 1024), "what was measured is shown");
	}
}
