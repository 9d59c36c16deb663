package io.backstop.console.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Sizing;

/**
 * The run settings' options, the same on backtest, sweep, llm and resume: {@code --capital N},
 * {@code --fees-bps N}, {@code --slippage-bps N}, {@code --sizing equity:F|notional:N|quantity:N},
 * {@code --no-shorts}, {@code --ruin stop|continue}. {@link RunSettings} checks the values.
 */
final class SettingsOptions {

	static final Set<String> FLAGS = Set.of("--no-shorts");
	static final Set<String> VALUED = Set.of("--capital", "--fees-bps", "--slippage-bps", "--sizing", "--ruin");
	static final String USAGE = "[--capital N] [--fees-bps N] [--slippage-bps N] [--sizing equity:F|notional:N|quantity:N]"
			+ " [--no-shorts] [--ruin stop|continue]";

	private SettingsOptions() {
	}

	/** True when any settings option was given. */
	static boolean given(Arguments a) {
		return a.has("--no-shorts") || VALUED.stream().anyMatch(o -> a.value(o).isPresent());
	}

	/** The defaults with the options given applied. */
	static RunSettings settings(Arguments a) throws UsageException {
		RunSettings s = RunSettings.defaults();
		try {
			Optional<String> capital = a.value("--capital");
			if (capital.isPresent()) {
				s = s.withCapital(number("--capital", capital.get()));
			}
			double fees = a.value("--fees-bps").isPresent() ? number("--fees-bps", a.value("--fees-bps").get()) : s.feesBps();
			double slippage = a.value("--slippage-bps").isPresent()
					? number("--slippage-bps", a.value("--slippage-bps").get())
					: s.slippageBps();
			s = s.withCosts(fees, slippage);
			Optional<String> sizing = a.value("--sizing");
			if (sizing.isPresent()) {
				String[] kv = sizing.get().strip().split(":", -1);
				Sizing kind = kv.length != 2 ? null : switch (kv[0].toLowerCase(Locale.ROOT)) {
				case "equity" -> Sizing.EQUITY_FRACTION;
				case "notional" -> Sizing.FIXED_NOTIONAL;
				case "quantity" -> Sizing.FIXED_QUANTITY;
				default -> null;
				};
				if (kind == null) {
					throw new UsageException("--sizing: '" + sizing.get() + "' must be equity:F, notional:N or quantity:N");
				}
				s = s.withSizing(kind, number("--sizing", kv[1]));
			}
			if (a.has("--no-shorts")) {
				s = s.withAllowShort(false);
			}
			Optional<String> ruin = a.value("--ruin");
			if (ruin.isPresent()) {
				s = s.withRuin(switch (ruin.get().strip().toLowerCase(Locale.ROOT)) {
				case "stop" -> Ruin.STOP;
				case "continue" -> Ruin.CONTINUE;
				default -> throw new UsageException("--ruin: '" + ruin.get() + "' must be stop or continue");
				});
			}
			return s;
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}

	private static double number(String option, String text) throws UsageException {
		try {
			return Double.parseDouble(text.strip().replace("_", ""));
		} catch (NumberFormatException e) {
			throw new UsageException(option + ": '" + text + "' is not a number");
		}
	}
}
