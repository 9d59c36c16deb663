package io.backstop.app.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;
import io.backstop.run.Formats;
import io.backstop.run.SettingsInput;

/**
 * The Run view's "Run settings" group as typed: capital, fees, slippage, sizing and its value,
 * shorts, what ruin does. {@link #settings()} turns it into {@link RunSettings}, whose checks
 * name the setting a value breaks; what is remembered across restarts is the typed text.
 */
public final class RunSettingsForm {

	/** Keys under which the form is remembered, also the ids of its controls. */
	public static final String CAPITAL = "run.capital";
	public static final String FEES_BPS = "run.fees_bps";
	public static final String SLIPPAGE_BPS = "run.slippage_bps";
	public static final String SIZING = "run.sizing";
	public static final String SIZING_VALUE = "run.sizing_value";
	public static final String SHORTS = "run.shorts";
	public static final String RUIN = "run.ruin";

	private String capital;
	private String feesBps;
	private String slippageBps;
	private Sizing sizing;
	private String sizingValue;
	private boolean shorts;
	private Ruin ruin;

	/** The form filled with {@code settings}. */
	public RunSettingsForm(RunSettings settings) {
		capital = Formats.plain(settings.initialCapital());
		feesBps = Formats.plain(settings.feesBps());
		slippageBps = Formats.plain(settings.slippageBps());
		sizing = settings.sizing();
		sizingValue = Formats.plain(settings.sizingValue());
		shorts = settings.allowShort();
		ruin = settings.ruin();
	}

	/**
	 * The form as remembered: each key's text from {@code remembered} (null when absent), the
	 * defaults where nothing was remembered or a remembered choice is no longer one.
	 */
	public static RunSettingsForm recall(Function<String, String> remembered) {
		RunSettingsForm form = new RunSettingsForm(RunSettings.defaults());
		form.capital = orElse(remembered.apply(CAPITAL), form.capital);
		form.feesBps = orElse(remembered.apply(FEES_BPS), form.feesBps);
		form.slippageBps = orElse(remembered.apply(SLIPPAGE_BPS), form.slippageBps);
		form.sizingValue = orElse(remembered.apply(SIZING_VALUE), form.sizingValue);
		form.sizing = choice(Sizing.class, remembered.apply(SIZING), form.sizing);
		form.ruin = choice(Ruin.class, remembered.apply(RUIN), form.ruin);
		String shorts = remembered.apply(SHORTS);
		form.shorts = shorts == null ? form.shorts : Boolean.parseBoolean(shorts);
		return form;
	}

	/** What to remember: key to text, in the order of the form. */
	public Map<String, String> remembered() {
		Map<String, String> values = new LinkedHashMap<>();
		values.put(CAPITAL, capital);
		values.put(FEES_BPS, feesBps);
		values.put(SLIPPAGE_BPS, slippageBps);
		values.put(SIZING, sizing.name());
		values.put(SIZING_VALUE, sizingValue);
		values.put(SHORTS, Boolean.toString(shorts));
		values.put(RUIN, ruin.name());
		return values;
	}

	/**
	 * The settings typed.
	 *
	 * @throws IllegalArgumentException one line naming the setting whose value is refused
	 */
	public RunSettings settings() {
		return new RunSettings(SettingsInput.number("capital", capital), SettingsInput.number("fees", feesBps),
				SettingsInput.number("slippage", slippageBps), sizing, SettingsInput.number(sizingValueLabel(), sizingValue),
				shorts, ruin);
	}

	/** The problem with the settings typed, or empty when they are fine. */
	public String problem() {
		try {
			settings();
			return "";
		} catch (IllegalArgumentException e) {
			return e.getMessage();
		}
	}

	/** What the sizing value means under the chosen sizing: "fraction", "notional", "quantity". */
	public String sizingValueLabel() {
		return switch (sizing) {
		case EQUITY_FRACTION -> "fraction";
		case FIXED_NOTIONAL -> "notional";
		case FIXED_QUANTITY -> "quantity";
		};
	}

	private static String orElse(String value, String fallback) {
		return value == null ? fallback : value;
	}

	private static <E extends Enum<E>> E choice(Class<E> type, String name, E fallback) {
		for (E constant : type.getEnumConstants()) {
			if (constant.name().equals(name)) {
				return constant;
			}
		}
		return fallback;
	}

	public String capital() {
		return capital;
	}

	public void setCapital(String text) {
		capital = text;
	}

	public String feesBps() {
		return feesBps;
	}

	public void setFeesBps(String text) {
		feesBps = text;
	}

	public String slippageBps() {
		return slippageBps;
	}

	public void setSlippageBps(String text) {
		slippageBps = text;
	}

	public Sizing sizing() {
		return sizing;
	}

	public void setSizing(Sizing choice) {
		sizing = choice;
	}

	public String sizingValue() {
		return sizingValue;
	}

	public void setSizingValue(String text) {
		sizingValue = text;
	}

	public boolean shorts() {
		return shorts;
	}

	public void setShorts(boolean allowed) {
		shorts = allowed;
	}

	public Ruin ruin() {
		return ruin;
	}

	public void setRuin(Ruin choice) {
		ruin = choice;
	}
}
