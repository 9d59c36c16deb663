package io.backstop.backtest;

import java.util.function.BooleanSupplier;

import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.Indicators;

/**
 * A {@link RulesStrategy}'s indicators during one run, by name and parameters
 * ({@link Indicators#SMA}, {@link Indicators#ATR}, ...): from the indicator cache when the run has
 * one, so that every combination of a sweep with the same indicator parameters shares one array,
 * and computed while polling the run's stop, so that a stop reaches a run still preparing its
 * indicators as fast as one in its trading loop.
 */
public final class IndicatorLookup {

	private final OhlcvSeries series;
	private final IndicatorCache cache;
	private final BooleanSupplier cancelled;

	/** @param cache null to compute without a cache */
	IndicatorLookup(OhlcvSeries series, IndicatorCache cache, BooleanSupplier cancelled) {
		this.series = series;
		this.cache = cache;
		this.cancelled = cancelled;
	}

	/**
	 * Every column of an indicator of the run's series.
	 *
	 * @throws java.util.concurrent.CancellationException when the run is stopped meanwhile
	 */
	public double[][] columns(String indicator, double... parameters) {
		return Indicators.cached(cache, series, indicator, cancelled, parameters);
	}

	/** One column of an indicator ({@link #columns(String, double...)}). */
	public double[] column(String indicator, int column, double... parameters) {
		return columns(indicator, parameters)[column];
	}
}
