package io.backstop.app.model;

import java.math.BigDecimal;
import java.util.Locale;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;

/** Run settings as people read them, beside every result. */
public final class SettingsText {

	private SettingsText() {
	}

	/** One short line for a table cell: "10,000 · fees 10 bps · slippage 5 bps · 100 % of equity · long/short · ruin stops". */
	public static String brief(RunSettings s) {
		return amount(s.initialCapital()) + " · fees " + plain(s.feesBps()) + " bps · slippage " + plain(s.slippageBps())
				+ " bps · " + sizing(s) + " · " + (s.allowShort() ? "long/short" : "long only") + " · "
				+ (s.ruin() == Ruin.STOP ? "ruin stops" : "trades on after ruin");
	}

	/** The settings spelt out: "capital 10,000, fees 10 bps, slippage 5 bps, 100 % of equity per position, ...". */
	public static String full(RunSettings s) {
		return "capital " + amount(s.initialCapital()) + ", fees " + plain(s.feesBps()) + " bps, slippage "
				+ plain(s.slippageBps()) + " bps, " + sizing(s) + " per position, "
				+ (s.allowShort() ? "shorts allowed" : "no shorts") + ", "
				+ (s.ruin() == Ruin.STOP ? "the run stops at ruin" : "trading goes on after ruin");
	}

	/** "100 % of equity", "5,000 notional", "0.5 units". */
	public static String sizing(RunSettings s) {
		return switch (s.sizing()) {
		case EQUITY_FRACTION -> BigDecimal.valueOf(s.sizingValue()).movePointRight(2).stripTrailingZeros().toPlainString()
				+ " % of equity";
		case FIXED_NOTIONAL -> amount(s.sizingValue()) + " notional";
		case FIXED_QUANTITY -> plain(s.sizingValue()) + (s.sizingValue() == 1 ? " unit" : " units");
		};
	}

	/** "10,000", "12,500.5": thousands separated, no trailing zeros. */
	static String amount(double value) {
		BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
		return exact.scale() <= 0 ? String.format(Locale.ROOT, "%,d", exact.longValue())
				: String.format(Locale.ROOT, "%,." + Math.min(exact.scale(), 8) + "f", value);
	}

	/** "10", "2.5", "0.001": as typed, without trailing zeros. */
	static String plain(double value) {
		return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
	}
}
