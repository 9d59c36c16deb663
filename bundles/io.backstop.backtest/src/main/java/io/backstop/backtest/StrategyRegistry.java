package io.backstop.backtest;

import java.util.List;

import io.backstop.backtest.internal.FixedStrategyRegistry;
import java.util.Optional;

/**
 * The strategies available now, by stable id. Inside OSGi the bundle registers one as a service
 * that follows every {@link Strategy} service as it comes and goes (the built-ins, other bundles'
 * strategies and users' compiled ones alike); without OSGi, {@link #of(List)} holds a fixed set.
 * <p>
 * The built-ins' ids: {@value #SMA_CROSSOVER}, {@value #EMA_CROSSOVER}, {@value #BOLLINGER_ATR},
 * {@value #RSI_REVERSAL}, {@value #MACD_CROSSOVER}, {@value #DONCHIAN_BREAKOUT}, {@value #BOLLINGER_ZSCORE}.
 */
public interface StrategyRegistry {

	String SMA_CROSSOVER = "sma_crossover";
	String EMA_CROSSOVER = "ema_crossover";
	String BOLLINGER_ATR = "bollinger_atr";
	String RSI_REVERSAL = "rsi_reversal";
	String MACD_CROSSOVER = "macd_crossover";
	String DONCHIAN_BREAKOUT = "donchian_breakout";
	String BOLLINGER_ZSCORE = "bollinger_zscore";

	/** Every strategy available now, by {@link Strategy#ORDER} and then id. */
	List<Strategy> all();

	/** The ids of {@link #all()}, in the same order. */
	default List<String> ids() {
		return all().stream().map(Strategy::id).toList();
	}

	default Optional<Strategy> find(String id) {
		return all().stream().filter(s -> s.id().equals(id)).findFirst();
	}

	/**
	 * Who contributed {@code strategy} (this very instance): the symbolic name and version of the
	 * bundle that registered it ({@code io.backstop.strategies.examples 0.1.0}); empty when it is
	 * not in the registry or the registry runs without OSGi.
	 */
	default Optional<String> contributor(Strategy strategy) {
		return Optional.empty();
	}

	/** @throws IllegalArgumentException naming the known ids when {@code id} is unknown */
	default Strategy get(String id) {
		return find(id).orElseThrow(() -> new IllegalArgumentException(
				"unknown strategy " + id + "; known: " + String.join(", ", ids())));
	}

	/**
	 * Runs {@code action} once when {@code strategy} (this very instance) leaves the registry: its
	 * bundle stopped or it was replaced by a new version. Runs it at once, on the calling thread,
	 * when the strategy is not in the registry. The action runs on the thread that withdraws the
	 * strategy, so it must be quick (raise a flag, not wait for work).
	 *
	 * @return closing it cancels the watch
	 */
	Watch whenWithdrawn(Strategy strategy, Runnable action);

	/** A watch of {@link #whenWithdrawn(Strategy, Runnable)}; closing it twice does nothing. */
	interface Watch extends AutoCloseable {
		@Override
		void close();
	}

	/**
	 * A registry of a fixed set of strategies, for use without OSGi (tools, tests): its strategies
	 * never leave, so its watches never fire.
	 *
	 * @throws IllegalArgumentException when two strategies share an id
	 */
	static StrategyRegistry of(List<? extends Strategy> strategies) {
		return new FixedStrategyRegistry(strategies);
	}
}
