package io.backstop.backtest.strategies;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.indicators.Indicators;

/** {@code sma_crossover}: long when the fast SMA crosses above the slow one, short when below. */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=10")
public final class SmaCrossoverStrategy extends CrossoverStrategy {

	public SmaCrossoverStrategy() {
		super(StrategyRegistry.SMA_CROSSOVER, "SMA crossover", Indicators.SMA);
	}
}
