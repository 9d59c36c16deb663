package io.backstop.backtest.strategies;

import org.osgi.service.component.annotations.Component;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.indicators.Indicators;

/** {@code ema_crossover}: long when the fast EMA crosses above the slow one, short when below. */
@Component(service = Strategy.class, property = Strategy.ORDER + ":Integer=20")
public final class EmaCrossoverStrategy extends CrossoverStrategy {

	public EmaCrossoverStrategy() {
		super(StrategyRegistry.EMA_CROSSOVER, "EMA crossover", Indicators.EMA);
	}
}
