package io.backstop.backtest;

/** How large a position a run opens; {@link RunSettings#sizingValue()} is read as each constant says. */
public enum Sizing {
	/**
	 * Notional = value x current equity (compounding). Value 1.0 puts the whole account in
	 * each position; 2.0 is two times leverage.
	 */
	EQUITY_FRACTION("fraction of equity"),
	/** Notional = value, in the account's currency, whatever the equity (no compounding). */
	FIXED_NOTIONAL("fixed notional"),
	/** Quantity = value units of the instrument, whatever its price. */
	FIXED_QUANTITY("fixed quantity");

	private final String label;

	Sizing(String label) {
		this.label = label;
	}

	/** How people call it: "fraction of equity". */
	public String label() {
		return label;
	}
}
