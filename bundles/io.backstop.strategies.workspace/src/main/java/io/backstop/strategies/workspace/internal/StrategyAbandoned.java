package io.backstop.strategies.workspace.internal;

/**
 * Ends a run of strategy code whose thread was interrupted because it ran past its time budget or
 * the emergency stop abandoned it. An {@link Error}, so that strategy code catching exceptions in
 * its loop does not swallow it; without a stack trace, since it is thrown from a hot loop once.
 */
final class StrategyAbandoned extends Error {

	private static final long serialVersionUID = 1L;

	StrategyAbandoned() {
		super("abandoned: its thread was interrupted (time budget or emergency stop)", null, false, false);
	}
}
