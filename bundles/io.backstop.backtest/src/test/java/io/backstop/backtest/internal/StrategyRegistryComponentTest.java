package io.backstop.backtest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.DonchianBreakoutStrategy;
import io.backstop.backtest.strategies.EmaCrossoverStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;

class StrategyRegistryComponentTest {

	private final StrategyRegistryComponent registry = new StrategyRegistryComponent();

	@Test
	void strategiesComeInCatalogueOrderWhateverTheOrderTheyArriveIn() {
		registry.addStrategy(new BollingerZscoreStrategy(), Map.of(Strategy.ORDER, 70), "io.backstop.backtest 1.0.0");
		registry.addStrategy(new DonchianBreakoutStrategy(), Map.of(), "io.backstop.backtest 1.0.0");
		registry.addStrategy(new SmaCrossoverStrategy(), Map.of(Strategy.ORDER, 10), "io.backstop.backtest 1.0.0");
		registry.addStrategy(new EmaCrossoverStrategy(), Map.of(Strategy.ORDER, 20), "io.backstop.backtest 1.0.0");
		assertEquals(List.of("sma_crossover", "ema_crossover", "bollinger_zscore", "donchian_breakout"), registry.ids());
	}

	@Test
	void aStrategyThatLeavesIsNoLongerOfferedAndItsWatchesFireOnce() {
		Strategy sma = new SmaCrossoverStrategy();
		registry.addStrategy(sma, Map.of(), "io.backstop.backtest 1.0.0");
		AtomicInteger fired = new AtomicInteger();
		registry.whenWithdrawn(sma, fired::incrementAndGet);
		StrategyRegistry.Watch closed = registry.whenWithdrawn(sma, () -> fired.addAndGet(100));
		closed.close();
		registry.removeStrategy(sma);
		registry.removeStrategy(sma);
		assertEquals(1, fired.get());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> registry.get("sma_crossover"));
		assertEquals("unknown strategy sma_crossover; known: ", e.getMessage());
	}

	@Test
	void eachStrategyKnowsTheBundleThatContributedIt() {
		Strategy sma = new SmaCrossoverStrategy();
		Strategy donchian = new DonchianBreakoutStrategy();
		registry.addStrategy(sma, Map.of(), "io.backstop.backtest 1.0.0");
		registry.addStrategy(donchian, Map.of(), "io.backstop.strategies.examples 0.1.0");
		assertEquals(Optional.of("io.backstop.backtest 1.0.0"), registry.contributor(sma));
		assertEquals(Optional.of("io.backstop.strategies.examples 0.1.0"), registry.contributor(donchian));
		registry.removeStrategy(donchian);
		assertEquals(Optional.empty(), registry.contributor(donchian));
	}

	@Test
	void watchingAStrategyAlreadyGoneFiresAtOnce() {
		AtomicInteger fired = new AtomicInteger();
		registry.whenWithdrawn(new SmaCrossoverStrategy(), fired::incrementAndGet);
		assertEquals(1, fired.get());
	}

	@Test
	void aSecondStrategyOfAnIdWaitsBehindTheFirstUntilItLeaves() {
		Strategy first = new SmaCrossoverStrategy();
		Strategy second = new SmaCrossoverStrategy();
		registry.addStrategy(first, Map.of(), "io.backstop.backtest 1.0.0");
		registry.addStrategy(second, Map.of(), "io.backstop.backtest 1.0.0");
		assertSame(first, registry.get("sma_crossover"));
		assertEquals(1, registry.all().size());
		registry.removeStrategy(first);
		assertSame(second, registry.get("sma_crossover"));
	}
}
