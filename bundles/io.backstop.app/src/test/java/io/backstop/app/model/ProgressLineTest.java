package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.backstop.run.RunProgress;
import io.backstop.run.RunState;

/** A run's line in the Progress view. */
class ProgressLineTest {

	@Test
	void aRunningSweepReadsInFiguresPeopleRead() {
		RunProgress progress = new RunProgress(RunState.RUNNING, 12_400, 40_000, "combos", 38_012.6, Duration.ofMillis(48_961),
				"sharpe", 3.9128158251967395);
		ProgressLine line = ProgressLine.of("sweep 3", "bollinger_zscore", "BTCUSDT_5m", progress);
		assertEquals("Sweep 3 · bollinger_zscore on BTCUSDT_5m", line.title());
		assertEquals("12,400 of 40,000 combos · 38,013 combos/s · ETA 49 s · best sharpe 3.91", line.detail());
		assertEquals(31, line.percent());
	}

	@Test
	void aRunWithoutATotalHasNoShare() {
		RunProgress progress = new RunProgress(RunState.RUNNING, 3, 0, "iterations", 0, null, "sharpe", Double.NaN);
		ProgressLine line = ProgressLine.of("LLM 2 (llama3.2)", "sma_crossover", "BTCUSDT_5m", progress);
		assertEquals("3 iterations", line.detail());
		assertEquals(-1, line.percent());
	}
}
