package io.backstop.indicators;

import java.util.List;
import java.util.Optional;

/**
 * What the UI needs to offer an indicator: its id for {@link Indicators#compute}, a name,
 * parameter names with defaults (in the order {@code compute} takes them), the names of the
 * output columns, and whether it is drawn over the price or in its own pane.
 */
public record IndicatorSpec(String id, String displayName, List<String> parameterNames, double[] defaults,
		List<String> columns, boolean overlay) {

	public IndicatorSpec {
		parameterNames = List.copyOf(parameterNames);
		defaults = defaults.clone();
		columns = List.copyOf(columns);
		if (parameterNames.size() != defaults.length) {
			throw new IllegalArgumentException(id + ": " + parameterNames.size() + " names, " + defaults.length + " defaults");
		}
	}

	@Override
	public double[] defaults() {
		return defaults.clone();
	}

	/** Every indicator {@link Indicators#compute} knows, in {@link Indicators#IDS} order. */
	public static final List<IndicatorSpec> ALL = List.of(
			new IndicatorSpec(Indicators.SMA, "Simple moving average", List.of("period"), new double[] { 20 },
					List.of("sma"), true),
			new IndicatorSpec(Indicators.EMA, "Exponential moving average", List.of("period"), new double[] { 20 },
					List.of("ema"), true),
			new IndicatorSpec(Indicators.RSI, "Relative strength index", List.of("period"), new double[] { 14 },
					List.of("rsi"), false),
			new IndicatorSpec(Indicators.BOLLINGER, "Bollinger Bands", List.of("period", "k"), new double[] { 20, 2 },
					List.of("upper", "middle", "lower"), true),
			new IndicatorSpec(Indicators.ATR, "Average true range", List.of("period"), new double[] { 14 },
					List.of("atr"), false),
			new IndicatorSpec(Indicators.MACD, "MACD", List.of("fast", "slow", "signal"), new double[] { 12, 26, 9 },
					List.of("macd", "signal", "histogram"), false),
			new IndicatorSpec(Indicators.DONCHIAN, "Donchian channel", List.of("period"), new double[] { 20 },
					List.of("upper", "middle", "lower"), true),
			new IndicatorSpec(Indicators.ADX, "Average directional index", List.of("period"), new double[] { 14 },
					List.of("adx", "plus_di", "minus_di"), false),
			new IndicatorSpec(Indicators.STOCHASTIC, "Stochastic oscillator", List.of("period", "d_period"),
					new double[] { 14, 3 }, List.of("k", "d"), false),
			new IndicatorSpec(Indicators.SUPERTREND, "SuperTrend", List.of("period", "multiplier"),
					new double[] { 10, 3 }, List.of("value", "direction", "upper", "lower"), true));

	public static Optional<IndicatorSpec> of(String id) {
		return ALL.stream().filter(s -> s.id.equals(id)).findFirst();
	}
}
