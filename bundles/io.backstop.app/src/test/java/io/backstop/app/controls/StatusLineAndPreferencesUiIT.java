package io.backstop.app.controls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.eclipse.swt.graphics.RGB;
import org.junit.jupiter.api.Test;

import io.backstop.app.parts.PartHarness;
import io.backstop.memory.MemoryLevel;
import io.backstop.memory.MemoryMonitor;
import io.backstop.memory.MemoryReading;
import io.backstop.memory.MemorySample;
import io.backstop.memory.MemoryThresholds;

/** The status line against the real memory monitor, then against one at each level; the preferences addon. */
class StatusLineAndPreferencesUiIT {

	/** A monitor that reports what the test says, ranked above the real one. */
	static final class ScriptedMonitor implements MemoryMonitor {
		volatile double pressure;
		volatile boolean automaticStop;

		@Override
		public MemorySample latest() {
			return sampleNow();
		}

		@Override
		public MemorySample sampleNow() {
			MemoryReading reading = new MemoryReading(512L << 20, 2L << 30, 16L << 30, 100L << 20, 1L << 30);
			return new MemorySample(Instant.now(), reading, pressure, thresholds().levelFor(pressure));
		}

		@Override
		public MemoryThresholds thresholds() {
			return MemoryThresholds.DEFAULT;
		}

		@Override
		public long sampleIntervalMillis() {
			return 1000;
		}

		@Override
		public boolean automaticStopEnabled() {
			return automaticStop;
		}
	}

	@Test
	void statusLineShowsProcessSystemAndVramFromTheRealMonitor() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			MemoryStatusControl status = ui.part(MemoryStatusControl.class, "Status", 900, 60);
			ui.await(() -> status.text().startsWith("RAM used by Backstop"), Duration.ofSeconds(5), "a first reading");
			String text = status.text();
			assertTrue(text.matches("RAM used by Backstop \\d+ MB   System available [\\d.]+ GB of [\\d.]+ GB   Pressure \\d+%.*"),
					text);
			assertTrue(text.contains("VRAM: no GPU") || text.contains("VRAM used "), text);
		}
	}

	@Test
	void statusLineTurnsAmberAndRedAtTheMonitorsThresholds() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			ScriptedMonitor monitor = new ScriptedMonitor();
			ui.registerService(MemoryMonitor.class, monitor, 1000);
			MemoryStatusControl status = ui.part(MemoryStatusControl.class, "Status", 900, 60);

			monitor.pressure = 40;
			ui.await(() -> status.text().contains("Pressure 40%"), Duration.ofSeconds(5), "the NORMAL reading");
			assertFalse(status.text().contains("("), status.text());
			RGB normal = status.background().getRGB();

			monitor.pressure = 76;
			ui.await(() -> status.text().contains("Pressure 76% (warning)"), Duration.ofSeconds(5), "WARNING");
			assertEquals(new RGB(255, 214, 102), status.background().getRGB(), "amber at the warning threshold");

			monitor.pressure = 82;
			ui.await(() -> status.text().contains("(high)"), Duration.ofSeconds(5), "HIGH");
			assertEquals(new RGB(255, 160, 60), status.background().getRGB(), "dark amber at the high threshold");

			monitor.pressure = 95;
			ui.await(() -> status.text().contains("(critical)"), Duration.ofSeconds(5), "CRITICAL");
			assertEquals(new RGB(230, 60, 50), status.background().getRGB(), "red at the critical threshold");
			assertEquals(MemoryLevel.CRITICAL, status.read().level());

			monitor.pressure = 10;
			ui.await(() -> status.background().getRGB().equals(normal), Duration.ofSeconds(5), "back to normal");
		}
	}
}
