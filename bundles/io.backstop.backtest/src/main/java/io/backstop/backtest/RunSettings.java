package io.backstop.backtest;

import java.util.Objects;

/**
 * Account and execution settings of a run.
 *
 * @param initialCapital starting equity ({@code > 0})
 * @param feesBps        fee per side in basis points of the notional (10 = 0.1%), at most
 *                       {@value #MAX_BPS}
 * @param slippageBps    adverse price move per fill in basis points: buys fill at
 *                       {@code price x (1 + slip)}, sells at {@code price x (1 - slip)}; at most
 *                       {@value #MAX_BPS}
 * @param sizing         how position size is chosen
 * @param sizingValue    what {@code sizing} applies ({@code > 0}): a fraction of equity
 *                       (leverage when above 1), a notional or a quantity
 * @param allowShort     false turns short entries into "stay flat"
 * @param ruin           what happens once equity reaches zero
 */
public record RunSettings(double initialCapital, double feesBps, double slippageBps, Sizing sizing, double sizingValue,
		boolean allowShort, Ruin ruin) {

	/** 10,000 bps: a fee or slippage of the whole notional. */
	public static final double MAX_BPS = 10_000;

	/**
	 * @throws IllegalArgumentException one line naming the setting and the value it refused
	 */
	public RunSettings {
		Objects.requireNonNull(sizing, "sizing");
		Objects.requireNonNull(ruin, "ruin");
		if (!(initialCapital > 0) || Double.isInfinite(initialCapital)) {
			throw new IllegalArgumentException("capital must be a positive amount, not " + initialCapital);
		}
		if (!(feesBps >= 0 && feesBps <= MAX_BPS)) {
			throw new IllegalArgumentException("fees must be between 0 and 10,000 bps, not " + feesBps);
		}
		if (!(slippageBps >= 0 && slippageBps <= MAX_BPS)) {
			throw new IllegalArgumentException("slippage must be between 0 and 10,000 bps, not " + slippageBps);
		}
		if (!(sizingValue > 0) || Double.isInfinite(sizingValue)) {
			throw new IllegalArgumentException("the sizing value must be positive, not " + sizingValue);
		}
	}

	/** Capital 10,000, fees 10 bps, slippage 5 bps, whole equity per position, long and short, ruin stops. */
	public static RunSettings defaults() {
		return new RunSettings(10_000, 10, 5, Sizing.EQUITY_FRACTION, 1.0, true, Ruin.STOP);
	}

	/** Capital, fees and slippage as given; whole equity per position, long and short, ruin stops. */
	public static RunSettings of(double initialCapital, double feesBps, double slippageBps) {
		return new RunSettings(initialCapital, feesBps, slippageBps, Sizing.EQUITY_FRACTION, 1.0, true, Ruin.STOP);
	}

	/** {@code slippageBps / 10^4}. */
	public double slippageFraction() {
		return slippageBps / 10_000.0;
	}

	/** {@code feesBps / 10^4}. */
	public double feeFraction() {
		return feesBps / 10_000.0;
	}

	public RunSettings withCapital(double capital) {
		return new RunSettings(capital, feesBps, slippageBps, sizing, sizingValue, allowShort, ruin);
	}

	public RunSettings withCosts(double fees, double slippage) {
		return new RunSettings(initialCapital, fees, slippage, sizing, sizingValue, allowShort, ruin);
	}

	public RunSettings withSizing(Sizing newSizing, double value) {
		return new RunSettings(initialCapital, feesBps, slippageBps, newSizing, value, allowShort, ruin);
	}

	public RunSettings withAllowShort(boolean allow) {
		return new RunSettings(initialCapital, feesBps, slippageBps, sizing, sizingValue, allow, ruin);
	}

	public RunSettings withRuin(Ruin newRuin) {
		return new RunSettings(initialCapital, feesBps, slippageBps, sizing, sizingValue, allowShort, newRuin);
	}
}
