package io.backstop.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.backstop.backtest.internal.BollingerAtrStrategy;
import io.backstop.backtest.internal.BollingerZscoreStrategy;
import io.backstop.backtest.internal.CrossoverStrategy;
import io.backstop.backtest.internal.DonchianBreakoutStrategy;
import io.backstop.backtest.internal.MacdCrossoverStrategy;
import io.backstop.backtest.internal.RsiReversalStrategy;

/**
 * The catalogue of strategies by stable id. {@link #standard()} holds the built-in ones:
 * {@value #SMA_CROSSOVER}, {@value #EMA_CROSSOVER}, {@value #BOLLINGER_ATR}, {@value #RSI_REVERSAL},
 * {@value #MACD_CROSSOVER}, {@value #DONCHIAN_BREAKOUT}, {@value #BOLLINGER_ZSCORE}. A plain object:
 * create one where needed (inside OSGi the bundle also registers one as a service).
 */
public class StrategyRegistry {

	public static final String SMA_CROSSOVER = "sma_crossover";
	public static final String EMA_CROSSOVER = "ema_crossover";
	public static final String BOLLINGER_ATR = "bollinger_atr";
	public static final String RSI_REVERSAL = "rsi_reversal";
	public static final String MACD_CROSSOVER = "macd_crossover";
	public static final String DONCHIAN_BREAKOUT = "donchian_breakout";
	public static final String BOLLINGER_ZSCORE = "bollinger_zscore";

	private final Map<String, Strategy> byId;

	/** A registry of the given strategies (ids must be unique). */
	public StrategyRegistry(List<? extends Strategy> strategies) {
		Map<String, Strategy> map = new LinkedHashMap<>();
		for (Strategy s : strategies) {
			if (map.putIfAbsent(s.id(), s) != null) {
				throw new IllegalArgumentException("duplicate strategy id " + s.id());
			}
		}
		this.byId = Collections.unmodifiableMap(map);
	}

	/** The built-in strategies. */
	public static StrategyRegistry standard() {
		return new StrategyRegistry(builtIns());
	}

	/** New instances of the built-in strategies, in catalogue order. */
	public static List<Strategy> builtIns() {
		return List.of(CrossoverStrategy.sma(), CrossoverStrategy.ema(), new BollingerAtrStrategy(),
				new RsiReversalStrategy(), new MacdCrossoverStrategy(), new DonchianBreakoutStrategy(),
				new BollingerZscoreStrategy());
	}

	/** Every strategy, in catalogue order. */
	public List<Strategy> all() {
		return List.copyOf(byId.values());
	}

	public List<String> ids() {
		return List.copyOf(byId.keySet());
	}

	public Optional<Strategy> find(String id) {
		return Optional.ofNullable(byId.get(id));
	}

	/** @throws IllegalArgumentException naming the known ids when {@code id} is unknown */
	public Strategy get(String id) {
		Strategy s = byId.get(id);
		if (s == null) {
			throw new IllegalArgumentException("unknown strategy " + id + "; known: " + String.join(", ", byId.keySet()));
		}
		return s;
	}
}
