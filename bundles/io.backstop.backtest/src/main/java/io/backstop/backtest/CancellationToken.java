package io.backstop.backtest;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Asks a running backtest to stop. Runs poll it once every {@link #CHECK_INTERVAL} bars (and
 * once before the first bar), so it must be cheap: a volatile read. A cancelled run returns
 * at its next check with a result marked {@link RunStatus#CANCELLED} that keeps the trades
 * closed and the equity computed so far.
 * <p>
 * The emergency stop's signal plugs in as {@code CancellationToken.of(stopSignal::isRaised)};
 * several sources combine with {@link #or(CancellationToken)}.
 */
@FunctionalInterface
public interface CancellationToken {

	/** Bars between two polls of the token. */
	int CHECK_INTERVAL = 4096;

	/** Never cancelled. */
	CancellationToken NONE = () -> false;

	/** True once the run should stop. */
	boolean isCancelled();

	static CancellationToken of(BooleanSupplier cancelled) {
		Objects.requireNonNull(cancelled, "cancelled");
		return cancelled::getAsBoolean;
	}

	/** Cancelled when this or the other token is. */
	default CancellationToken or(CancellationToken other) {
		Objects.requireNonNull(other, "other");
		return () -> isCancelled() || other.isCancelled();
	}
}
