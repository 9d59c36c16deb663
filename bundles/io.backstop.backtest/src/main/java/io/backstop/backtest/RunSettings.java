package io.backstop.backtest;

import java.util.Objects;

/**
 * Account and execution settings of a run.
 *
 * @param initialCapital starting equity ({@code > 0})
 * @param feesBps        fee per side in basis points of the notional (10 = 0.1%)
 * @param slippageBps    adverse price move per fill in basis points: buys fill at
 *                       {@code price x (1 + slip)}, sells at {@code price x (1 - slip)}
 * @param sizing         how position size is chosen
 * @param sizingValue    the fraction {@code sizing} applies ({@code > 0}); leverage when above 1
 * @param allowShort     false turns short entries of the {@link Simulator}'s strategies into
 *                       "stay flat" (the {@link BollingerZscoreKernel} always trades both ways)
 */
public record RunSettings(double initialCapital, double feesBps, double slippageBps, Sizing sizing, double sizingValue,
		boolean allowShort) {

	public RunSettings {
		Objects.requireNonNull(sizing, "sizing");
		if (!(initialCapital > 0)) {
			throw new IllegalArgumentException("initial capital must be positive: " + initialCapital);
		}
		if (!(feesBps >= 0) || !(slippageBps >= 0)) {
			throw new IllegalArgumentException("fees and slippage must not be negative");
		}
		if (!(sizingValue > 0)) {
			throw new IllegalArgumentException("sizing value must be positive: " + sizingValue);
		}
	}

	/** Capital 10,000, fees 10 bps, slippage 5 bps, whole equity per position, long and short. */
	public static RunSettings defaults() {
		return new RunSettings(10_000, 10, 5, Sizing.EQUITY_FRACTION, 1.0, true);
	}

	/** Capital, fees and slippage as given; whole equity per position, long and short. */
	public static RunSettings of(double initialCapital, double feesBps, double slippageBps) {
		return new RunSettings(initialCapital, feesBps, slippageBps, Sizing.EQUITY_FRACTION, 1.0, true);
	}

	/** {@code slippageBps / 10^4}. */
	public double slippageFraction() {
		return slippageBps / 10_000.0;
	}

	/** {@code feesBps / 10^4}. */
	public double feeFraction() {
		return feesBps / 10_000.0;
	}

	public RunSettings withSizing(Sizing newSizing, double value) {
		return new RunSettings(initialCapital, feesBps, slippageBps, newSizing, value, allowShort);
	}

	public RunSettings withAllowShort(boolean allow) {
		return new RunSettings(initialCapital, feesBps, slippageBps, sizing, sizingValue, allow);
	}
}
