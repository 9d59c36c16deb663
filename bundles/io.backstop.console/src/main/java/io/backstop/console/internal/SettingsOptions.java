package io.backstop.console.internal;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.run.DateRange;
import io.backstop.run.SettingsInput;
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

	/** The bars a new run uses; not on resume, which continues on its sweep's own bars. */
	static final Set<String> RANGE = Set.of("--from", "--to");
	static final String RANGE_USAGE = "[--from YYYY-MM-DD[THH:MM]] [--to YYYY-MM-DD[THH:MM]]";

	private SettingsOptions() {
	}

	/** The settings' valued options and the range's. */
	static Set<String> valuedWithRange() {
		Set<String> all = new HashSet<>(VALUED);
		all.addAll(RANGE);
		return all;
	}

	/** The range {@code --from} and {@code --to} give (UTC; a day alone as --to includes it whole); all bars when neither is. */
	static DateRange range(Arguments a) throws UsageException {
		try {
			return DateRange.parse("--from", a.value("--from").orElse(null), "--to", a.value("--to").orElse(null));
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
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
				s = s.withCapital(SettingsInput.number("--capital", capital.get()));
			}
			double fees = a.value("--fees-bps").isPresent() ? SettingsInput.number("--fees-bps", a.value("--fees-bps").get()) : s.feesBps();
			double slippage = a.value("--slippage-bps").isPresent()
					? SettingsInput.number("--slippage-bps", a.value("--slippage-bps").get())
					: s.slippageBps();
			s = s.withCosts(fees, slippage);
			Optional<String> sizing = a.value("--sizing");
			if (sizing.isPresent()) {
				String[] kindAndValue = sizing.get().split(":", -1);
				if (kindAndValue.length != 2) {
					throw new UsageException("--sizing: '" + sizing.get() + "' must be equity:F, notional:N or quantity:N");
				}
				s = s.withSizing(SettingsInput.sizing("--sizing", kindAndValue[0]),
						SettingsInput.number("--sizing", kindAndValue[1]));
			}
			if (a.has("--no-shorts")) {
				s = s.withAllowShort(false);
			}
			Optional<String> ruin = a.value("--ruin");
			if (ruin.isPresent()) {
				s = s.withRuin(SettingsInput.ruin("--ruin", ruin.get()));
			}
			return s;
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}
	}
}
