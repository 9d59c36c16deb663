package io.backstop.backtest.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import io.backstop.backtest.BuiltIns;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.MemoryIndicatorCache;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.indicators.IndicatorCache;

/**
 * One built-in strategy's default grid on the deterministic 125,000-bar series (seed 42), run as a
 * sweep runs it: {@link Strategy#runForFigures} per valid combination, default run settings but for
 * ruin (under {@link Ruin#CONTINUE} every combination runs to the last bar, as the kernel's grid does), the
 * indicators shared through one cache that the setup's pass has filled (a sweep's second, warm pass).
 * One operation is the whole grid; bar-evaluations per operation: valid combinations x bars.
 */
@State(Scope.Benchmark)
public class StrategyGridBenchmark {

	@Param({ "sma_crossover", "ema_crossover", "bollinger_atr", "rsi_reversal", "macd_crossover", "donchian_breakout",
			"bollinger_zscore" })
	public String strategy;

	Strategy runner;
	OhlcvSeries series;
	List<Parameters> combinations;
	IndicatorCache cache;
	RunSettings settings;

	@Setup
	public void setup() {
		series = SyntheticSeries.generate(ZscoreGridBenchmark.SEED, ZscoreGridBenchmark.BARS);
		runner = BuiltIns.registry().get(strategy);
		// every combination trades to the last bar, as the kernel's reference grid does
		settings = RunSettings.defaults().withRuin(Ruin.CONTINUE);
		cache = new MemoryIndicatorCache();
		combinations = validCombinations(runner, series, settings, cache);
	}

	/** The default grid's combinations the strategy accepts, each run once (which fills the cache). */
	static List<Parameters> validCombinations(Strategy strategy, OhlcvSeries series, RunSettings settings,
			IndicatorCache cache) {
		List<Parameters> valid = new ArrayList<>();
		for (Parameters p : BuiltIns.defaultGrid(strategy)) {
			try {
				strategy.runForFigures(series, p, settings, CancellationToken.NONE, cache);
				valid.add(p);
			} catch (IllegalArgumentException refused) {
				// fast_period >= slow_period and the like: a sweep skips them too
			}
		}
		return valid;
	}

	long evaluationsPerGrid() {
		return (long) combinations.size() * series.size();
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public double grid() {
		double sum = 0;
		for (Parameters p : combinations) {
			sum += runner.runForFigures(series, p, settings, CancellationToken.NONE, cache).finalEquity();
		}
		return sum;
	}
}
