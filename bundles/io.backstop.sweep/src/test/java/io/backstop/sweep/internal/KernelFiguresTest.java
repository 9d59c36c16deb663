package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepSpec;

/**
 * A {@code bollinger_zscore} sweep runs on the kernel, a backtest or a search on the strategy: the same
 * figures, to the last bit, so that a search may have its points evaluated by sweeps on other members.
 */
class KernelFiguresTest {

	@Test
	void theKernelsFiguresAreTheStrategysToTheLastBit() throws Exception {
		OhlcvSeries sample = SampleData.loadBtcusdt5m();
		Strategy strategy = new BollingerZscoreStrategy();
		for (RunSettings settings : List.of(RunSettings.defaults(), RunSettings.defaults().withRuin(Ruin.CONTINUE))) {
			SweepSpec spec = SweepSpec.builder(strategy.id(), sample).range("bb_period", 10, 60, 10)
					.values("entry_z", 1.0, 1.5, 2.5).values("k_sl", 0.5, 3).settings(settings).build();
			Grid grid = Grid.of(strategy, spec);
			KernelEvaluator kernel = new KernelEvaluator(sample, grid, settings);
			double[] parameters = new double[grid.parameterCount()];
			double[] figures = new double[kernel.metricNames().size()];
			for (long index = 0; index < grid.total(); index++) {
				grid.decode(index, parameters);
				kernel.evaluate(parameters, figures, CancellationToken.NONE);
				Map<String, Double> named = new LinkedHashMap<>();
				for (int p = 0; p < parameters.length; p++) {
					named.put(grid.names().get(p), parameters[p]);
				}
				BacktestResult backtest = strategy.runForFigures(sample, Parameters.of(named), settings,
						CancellationToken.NONE, null);
				double[] expected = new double[SweepMetrics.FIGURES.size()];
				SweepMetrics.write(backtest.metrics(), expected);
				for (int m = 0; m < expected.length; m++) {
					assertEquals(expected[m], figures[m],
							SweepMetrics.FIGURES.get(m) + " of " + named + " under " + settings.ruin());
				}
			}
		}
	}
}
