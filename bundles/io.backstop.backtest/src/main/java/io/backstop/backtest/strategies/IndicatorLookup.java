package io.backstop.backtest.strategies;

import java.util.function.BooleanSupplier;

import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.indicators.Indicators;

/**
 * A strategy's access to its indicator arrays during one run: through the cache when there is one,
 * polling the run's cancellation while computing, reading or writing them, so that a stop reaches
 * a run still preparing its indicators as fast as one in its trading loop.
 *
 * @param cache     null to compute without a cache
 * @param cancelled the run's cancellation token
 */
record IndicatorLookup(OhlcvSeries series, IndicatorCache cache, BooleanSupplier cancelled) {

	/** Every column of an indicator. */
	double[][] columns(String indicator, double... parameters) {
		return Indicators.cached(cache, series, indicator, cancelled, parameters);
	}

	/** One column of an indicator. */
	double[] column(String indicator, int column, double... parameters) {
		return columns(indicator, parameters)[column];
	}
}
