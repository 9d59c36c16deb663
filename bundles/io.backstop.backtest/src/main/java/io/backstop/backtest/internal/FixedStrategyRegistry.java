package io.backstop.backtest.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;

/** {@link StrategyRegistry#of(List)}: a fixed set, in the order given. */
public final class FixedStrategyRegistry implements StrategyRegistry {

	private final List<Strategy> strategies;

	public FixedStrategyRegistry(List<? extends Strategy> strategies) {
		Set<String> ids = new HashSet<>();
		for (Strategy s : strategies) {
			if (!ids.add(s.id())) {
				throw new IllegalArgumentException("duplicate strategy id " + s.id());
			}
		}
		this.strategies = List.copyOf(strategies);
	}

	@Override
	public List<Strategy> all() {
		return strategies;
	}

	@Override
	public Watch whenWithdrawn(Strategy strategy, Runnable action) {
		if (!strategies.contains(strategy)) {
			action.run();
		}
		return () -> {
		};
	}
}
