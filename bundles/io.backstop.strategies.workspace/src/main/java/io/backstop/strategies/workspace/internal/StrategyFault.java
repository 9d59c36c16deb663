package io.backstop.strategies.workspace.internal;

/**
 * A workspace strategy's own code threw while running one combination: the message names the
 * strategy, the exception and the source line. An {@link IllegalArgumentException}, so that a sweep
 * records the combination without figures and goes on, as it does for a combination a strategy
 * refuses, and a backtest fails with this message.
 */
final class StrategyFault extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	StrategyFault(String message, Throwable cause) {
		super(message, cause);
	}
}
