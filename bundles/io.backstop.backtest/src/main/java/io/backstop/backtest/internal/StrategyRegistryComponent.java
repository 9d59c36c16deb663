package io.backstop.backtest.internal;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.StrategyRegistry;

/** Offers the built-in strategies as a {@link StrategyRegistry} service inside OSGi. */
@Component(service = StrategyRegistry.class)
public class StrategyRegistryComponent extends StrategyRegistry {

	public StrategyRegistryComponent() {
		super(StrategyRegistry.builtIns());
	}
}
