package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Curves the charts draw beside a run's equity. */
class CurvesTest {

	@Test
	void buyAndHoldIsTheCapitalBoughtAtTheFirstCloseAndHeld() {
		double[] close = { 50, 55, 45, 100, 999 };
		assertArrayEquals(new double[] { 1000, 1100, 900, 2000 }, Curves.buyAndHold(close, 4, 1000), 1e-9);
	}

	@Test
	void drawdownIsPercentBelowTheRunningPeak() {
		assertArrayEquals(new double[] { 0, 0, -25, 0 }, Curves.drawdownPercent(new double[] { 100, 120, 90, 130 }, 4, 100),
				1e-9);
	}
}
