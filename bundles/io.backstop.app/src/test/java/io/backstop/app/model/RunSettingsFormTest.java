package io.backstop.app.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;

/** The Run view's settings as typed: what they make, what they refuse, what is remembered. */
class RunSettingsFormTest {

	@Test
	void nothingRememberedIsTheDefaults() {
		RunSettingsForm form = RunSettingsForm.recall(key -> null);
		assertEquals(RunSettings.defaults(), form.settings());
		assertEquals("10000", form.capital());
		assertEquals("fraction", form.sizingValueLabel());
	}

	@Test
	void whatWasTypedIsRememberedAndRecalled() {
		RunSettingsForm form = new RunSettingsForm(RunSettings.defaults());
		form.setCapital("20,000");
		form.setFeesBps("2.5");
		form.setSlippageBps("0");
		form.setSizing(Sizing.FIXED_QUANTITY);
		form.setSizingValue("0.5");
		form.setShorts(false);
		form.setRuin(Ruin.CONTINUE);
		Map<String, String> store = new HashMap<>(form.remembered());
		RunSettings recalled = RunSettingsForm.recall(store::get).settings();
		assertEquals(new RunSettings(20_000, 2.5, 0, Sizing.FIXED_QUANTITY, 0.5, false, Ruin.CONTINUE), recalled);
		assertEquals("quantity", RunSettingsForm.recall(store::get).sizingValueLabel());
	}

	@Test
	void aRememberedChoiceThatIsNoLongerOneFallsBackToTheDefault() {
		Map<String, String> store = Map.of(RunSettingsForm.SIZING, "KELLY", RunSettingsForm.RUIN, "STOP");
		assertEquals(Sizing.EQUITY_FRACTION, RunSettingsForm.recall(store::get).sizing());
	}

	@Test
	void eachBadValueIsOneLineNamingTheSetting() {
		RunSettingsForm form = new RunSettingsForm(RunSettings.defaults());
		form.setCapital("ten");
		assertEquals("capital: 'ten' is not a number", form.problem());
		form.setCapital("-5");
		assertEquals("capital must be a positive amount, not -5.0", form.problem());
		form.setCapital("1000");
		form.setFeesBps("20000");
		IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, form::settings);
		assertEquals("fees must be between 0 and 10,000 bps, not 20000.0", refused.getMessage());
		form.setFeesBps("10");
		form.setSizing(Sizing.FIXED_NOTIONAL);
		form.setSizingValue("");
		assertEquals("notional: '' is not a number", form.problem());
		form.setSizingValue("5000");
		assertEquals("", form.problem());
	}
}
