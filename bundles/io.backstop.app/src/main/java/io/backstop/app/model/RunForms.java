package io.backstop.app.model;

import java.util.HashMap;
import java.util.Map;

import io.backstop.backtest.Strategy;
import io.backstop.run.RunKind;

/**
 * What the Run view holds for every strategy and kind of run visited: switching strategy or mode,
 * or choosing the mode already chosen, brings back what was typed there instead of the defaults.
 */
public final class RunForms {

	private record Key(String strategyId, RunKind kind) {
	}

	private final Map<Key, RunForm> forms = new HashMap<>();

	/** The form typed for a strategy and kind, or a new one holding its defaults. */
	public RunForm form(Strategy strategy, RunKind kind) {
		return forms.computeIfAbsent(new Key(strategy.id(), kind), k -> new RunForm(strategy, kind));
	}
}
