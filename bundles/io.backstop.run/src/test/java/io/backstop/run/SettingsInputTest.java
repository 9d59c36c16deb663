package io.backstop.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.Sizing;

class SettingsInputTest {

	@Test
	void numbersAsPeopleTypeThem() {
		assertEquals(25_000, SettingsInput.number("capital", "25,000"));
		assertEquals(25_000, SettingsInput.number("capital", " 25_000 "));
		assertEquals(7.5, SettingsInput.number("fees", "7.5"));
		assertEquals(-3, SettingsInput.number("capital", "-3"), "the range is RunSettings' to refuse");
	}

	@Test
	void whatJavaWouldReadButPeopleDidNotMeanIsRefusedInOneLineNamingTheSetting() {
		for (String typed : new String[] { "NaN", "Infinity", "5d", "ten", "", "1.2.3" }) {
			assertEquals("--capital: '" + typed + "' is not a number",
					assertThrows(IllegalArgumentException.class, () -> SettingsInput.number("--capital", typed)).getMessage());
		}
	}

	@Test
	void sizingAndRuinByTheirShortNamesAndLabels() {
		assertEquals(Sizing.FIXED_NOTIONAL, SettingsInput.sizing("sizing", "notional"));
		assertEquals(Sizing.EQUITY_FRACTION, SettingsInput.sizing("sizing", "fraction of equity"));
		assertEquals(Sizing.FIXED_QUANTITY, SettingsInput.sizing("sizing", "FIXED_QUANTITY"));
		assertEquals("--sizing: 'lots' must be equity, notional or quantity",
				assertThrows(IllegalArgumentException.class, () -> SettingsInput.sizing("--sizing", "lots")).getMessage());
		assertEquals(Ruin.CONTINUE, SettingsInput.ruin("--ruin", "Continue"));
		assertEquals("--ruin: 'maybe' must be stop or continue",
				assertThrows(IllegalArgumentException.class, () -> SettingsInput.ruin("--ruin", "maybe")).getMessage());
	}
}
