package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Numbers as the views show them. */
class FormatTest {

	@Test
	void durationsReadInTheTwoLargestUnitsThatMatter() {
		assertEquals("850 ms", Format.duration(Duration.ofMillis(850)));
		assertEquals("49 s", Format.duration(Duration.ofMillis(48_961)));
		assertEquals("3 min 12 s", Format.duration(Duration.ofSeconds(192)));
		assertEquals("5 min", Format.duration(Duration.ofSeconds(300)));
		assertEquals("2 h 5 min", Format.duration(Duration.ofMinutes(125).plusSeconds(20)));
	}

	@Test
	void ratesCountsAndRatios() {
		assertEquals("38,124 combos/s", Format.rate(38_123.7, "combos"));
		assertEquals("2.5 combos/s", Format.rate(2.5, "combos"));
		assertEquals("\u2014", Format.rate(Double.NaN, "combos"));
		assertEquals("1 bar", Format.count(1, "bar", "bars"));
		assertEquals("25,920 bars", Format.count(25_920, "bar", "bars"));
		assertEquals("3.91", Format.ratio(3.9128158251967395));
		assertEquals("-100.00 %", Format.percent(-1));
		assertEquals("\u2014", Format.percent(Double.NEGATIVE_INFINITY));
	}
}
