package io.backstop.backtest.bench;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.ta4j.core.Indicator;
import org.ta4j.core.num.Num;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Ta4jZscore;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

/**
 * The 270-combination {@code bollinger_zscore} grid on the deterministic 125,000-bar series
 * (seed 42), on one thread: our kernel and ta4j 0.22.2 running the identical strategy. One
 * operation is the whole grid, the per-period preparation included (rolling statistics for
 * the kernel, a fresh z-score indicator per period for ta4j, shared by that period's 30
 * combinations in both). Bar-evaluations per operation: {@value #BARS} x 270.
 */
@State(Scope.Benchmark)
@Threads(1)
public class ZscoreGridBenchmark {

	public static final int BARS = 125_000;
	public static final long SEED = 42;

	OhlcvSeries series;
	double[] close;
	double[] low;
	double[] high;
	List<BollingerZscoreKernel.Combo> grid;
	RunSettings settings;
	Ta4jZscore ta4j;

	@Setup
	public void setup() {
		series = SyntheticSeries.generate(SEED, BARS);
		close = series.close();
		low = series.low();
		high = series.high();
		grid = BollingerZscoreKernel.referenceGrid();
		settings = BollingerZscoreKernel.REFERENCE_SETTINGS;
		ta4j = new Ta4jZscore(series);
	}

	public static long evaluationsPerGrid() {
		return 270L * BARS;
	}

	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public double kernelGrid() {
		double sum = 0;
		BollingerZscoreKernel.Prepared prepared = null;
		for (BollingerZscoreKernel.Combo c : grid) {
			if (prepared == null || prepared.period() != c.bbPeriod()) {
				prepared = BollingerZscoreKernel.prepare(close, c.bbPeriod());
			}
			sum += BollingerZscoreKernel.run(close, low, high, null, prepared, c.entryZ(), c.kSl(), c.leverage(), settings,
					CancellationToken.NONE).finalEquity();
		}
		return sum;
	}

	/**
	 * The same grid as a hand-written loop ({@link HandZscoreLoop}): plain rolling sums for each
	 * period's z-score, then per combination one pass that trades the kernel's rules and computes
	 * every figure the kernel reports ({@link #checkHandLoop()} holds them equal).
	 */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public double handLoopGrid() {
		double sum = 0;
		int period = -1;
		double[] z = new double[close.length];
		for (BollingerZscoreKernel.Combo c : grid) {
			if (c.bbPeriod() != period) {
				period = c.bbPeriod();
				HandZscoreLoop.zScore(close, period, z);
			}
			sum += HandZscoreLoop.run(close, low, high, z, c.entryZ(), c.kSl(), c.leverage(), settings).finalEquity();
		}
		return sum;
	}

	/**
	 * Per combination, the hand-written loop's result against the kernel's: the same trade count,
	 * wins, final equity and every figure, bit for bit (so the loop cannot do less work than the
	 * kernel unnoticed). One line: PASS or FAIL, the combinations that differ and the first of them.
	 *
	 * @throws IllegalStateException when any combination differs: the two grids are not comparable then
	 */
	public String checkHandLoop() {
		int period = -1;
		double[] z = new double[close.length];
		BollingerZscoreKernel.Prepared prepared = null;
		int differing = 0;
		long trades = 0;
		String first = "";
		for (BollingerZscoreKernel.Combo c : grid) {
			if (c.bbPeriod() != period) {
				period = c.bbPeriod();
				HandZscoreLoop.zScore(close, period, z);
				prepared = BollingerZscoreKernel.prepare(close, period);
			}
			BollingerZscoreKernel.Result kernel = BollingerZscoreKernel.run(close, low, high, null, prepared, c.entryZ(),
					c.kSl(), c.leverage(), settings, CancellationToken.NONE);
			BollingerZscoreKernel.Result hand = HandZscoreLoop.run(close, low, high, z, c.entryZ(), c.kSl(), c.leverage(),
					settings);
			trades += kernel.trades();
			if (!kernel.equals(hand) && differing++ == 0) {
				first = String.format(Locale.ROOT, "%n  %s%n  kernel %s%n  hand   %s", c, kernel, hand);
			}
		}
		String line = String.format(Locale.ROOT,
				"check: hand-written loop against the kernel, every figure bit for bit: %s, %d of %d combinations differ, %,d trades in all%s",
				differing == 0 ? "PASS" : "FAIL", differing, grid.size(), trades, first);
		if (differing > 0) {
			throw new IllegalStateException(line);
		}
		return line;
	}

	@Benchmark
	@BenchmarkMode(Mode.SingleShotTime)
	@OutputTimeUnit(TimeUnit.MILLISECONDS)
	public double ta4jGrid() {
		double sum = 0;
		int period = -1;
		Indicator<Num> z = null;
		for (BollingerZscoreKernel.Combo c : grid) {
			if (c.bbPeriod() != period) {
				period = c.bbPeriod();
				z = ta4j.zScore(period);
			}
			sum += ta4j.run(z, period, c.entryZ(), c.kSl(), c.leverage(), settings).finalEquity();
		}
		return sum;
	}
}
