package io.backstop.backtest;

/** Direction of a position. */
public enum Side {
	LONG(1), SHORT(-1);

	private final int sign;

	Side(int sign) {
		this.sign = sign;
	}

	/** +1 for LONG, -1 for SHORT. */
	public int sign() {
		return sign;
	}

	public static Side of(int sign) {
		if (sign > 0) {
			return LONG;
		}
		if (sign < 0) {
			return SHORT;
		}
		throw new IllegalArgumentException("no side for 0");
	}
}
