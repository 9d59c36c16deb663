package io.backstop.run;

import java.util.Locale;
import java.util.regex.Pattern;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.Sizing;

/**
 * Run settings as people type them, read the same in the Run view and on the console. Each error
 * is one line naming the setting; {@link io.backstop.backtest.RunSettings} then checks the ranges.
 */
public final class SettingsInput {

	private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

	private SettingsInput() {
	}

	/**
	 * An amount, a number of basis points or a fraction: {@code 25000}, {@code 25,000},
	 * {@code 25_000}, {@code 7.5}.
	 *
	 * @param setting what the value is, for the message ("capital", "--fees-bps")
	 * @throws IllegalArgumentException "capital: 'abc' is not a number"
	 */
	public static double number(String setting, String typed) {
		String text = typed == null ? "" : typed.strip().replace(",", "").replace("_", "");
		// Java would also read "NaN", "Infinity" and "5d"
		if (!DECIMAL.matcher(text).matches()) {
			throw new IllegalArgumentException(setting + ": '" + (typed == null ? "" : typed) + "' is not a number");
		}
		return Double.parseDouble(text);
	}

	/**
	 * A sizing by its short name ({@code equity}, {@code notional}, {@code quantity}), its label
	 * ("fixed notional") or its constant's name.
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static Sizing sizing(String setting, String typed) {
		String text = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT);
		for (Sizing sizing : Sizing.values()) {
			if (text.equals(shortName(sizing)) || text.equals(sizing.label()) || text.equalsIgnoreCase(sizing.name())) {
				return sizing;
			}
		}
		throw new IllegalArgumentException(setting + ": '" + typed + "' must be equity, notional or quantity");
	}

	/** What {@link #sizing} reads for it: {@code equity}, {@code notional}, {@code quantity}. */
	public static String shortName(Sizing sizing) {
		return switch (sizing) {
		case EQUITY_FRACTION -> "equity";
		case FIXED_NOTIONAL -> "notional";
		case FIXED_QUANTITY -> "quantity";
		};
	}

	/**
	 * {@code stop} or {@code continue}.
	 *
	 * @throws IllegalArgumentException naming the choices
	 */
	public static Ruin ruin(String setting, String typed) {
		String text = typed == null ? "" : typed.strip();
		for (Ruin ruin : Ruin.values()) {
			if (ruin.name().equalsIgnoreCase(text)) {
				return ruin;
			}
		}
		throw new IllegalArgumentException(setting + ": '" + typed + "' must be stop or continue");
	}
}
