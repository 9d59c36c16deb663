package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;

class StrategyRegistryTest {

	@Test
	void aFixedRegistryRefusesTwoStrategiesOfOneId() {
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrategyRegistry
				.of(List.of(new io.backstop.backtest.strategies.SmaCrossoverStrategy(),
						new io.backstop.backtest.strategies.SmaCrossoverStrategy())));
		assertEquals("duplicate strategy id sma_crossover", e.getMessage());
	}

	@Test
	void zscoreParameters() {
		Strategy s = BuiltIns.registry().get("bollinger_zscore");
		assertEquals(List.of("bb_period", "entry_z", "k_sl", "leverage"),
				s.parameters().stream().map(ParameterSpec::name).toList());
		ParameterSpec period = s.parameter("bb_period").orElseThrow();
		assertEquals(ParameterType.INT, period.type());
		assertArrayEquals(new double[] { 10, 15, 20, 25, 30, 35, 40, 45, 50 }, period.sweepValues());
		assertArrayEquals(new double[] { 1, 1.5, 2, 2.5, 3 }, s.parameter("entry_z").orElseThrow().sweepValues());
	}

	@Test
	void unknownAndOutOfRangeParametersAreRefusedByName() {
		Strategy s = BuiltIns.registry().get("bollinger_zscore");
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> Parameters.of("bb_period", 1).resolve(s.parameters()));
		assertEquals("parameter bb_period = 1 is outside [2, 1000]", e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Parameters.of("bb_perod", 20).resolve(s.parameters()));
		assertTrue(e.getMessage().startsWith("unknown parameter bb_perod"), e.getMessage());
		e = assertThrows(IllegalArgumentException.class, () -> Parameters.of("bb_period", 20.5).resolve(s.parameters()));
		assertEquals("parameter bb_period must be a whole number, got 20.5", e.getMessage());
		assertThrows(IllegalArgumentException.class, () -> BuiltIns.registry().get("nope"));
	}

	@Test
	void everyStrategyRunsOnTheSampleWithDefaults() throws IOException {
		OhlcvSeries s = SampleData.loadBtcusdt5m();
		for (Strategy strategy : BuiltIns.registry().all()) {
			BacktestResult r = strategy.run(s, Parameters.empty(), RunSettings.defaults(), CancellationToken.NONE);
			assertEquals(RunStatus.COMPLETED, r.status());
			assertEquals(s.size(), r.equity().length);
			assertTrue(r.trades().size() > 0, strategy.id());
			assertEquals(r.trades().size(), r.metrics().tradeCount());
			double sum = r.settings().initialCapital();
			for (Trade t : r.trades()) {
				sum += t.pnl();
				assertTrue(t.exitBar() >= t.entryBar());
			}
			if (r.isRuined()) {
				// the account's loss ends at its equity: the trades may have lost more
				assertEquals(0, r.finalEquity(), strategy.id());
				assertTrue(sum <= 0, strategy.id());
				assertEquals(r.ruinedAt().orElseThrow().bar(), r.trades().get(r.trades().size() - 1).exitBar());
			} else {
				assertEquals(sum, r.finalEquity(), 1e-6 * Math.abs(sum), strategy.id());
			}
			assertEquals(strategy.parameters().size(), r.parameters().asMap().size());
		}
	}

	@Test
	void everyStrategyGivesTheSameFiguresAndTradesWhenRunForItsFiguresOnly() throws IOException {
		OhlcvSeries s = SampleData.loadBtcusdt5m();
		for (Strategy strategy : BuiltIns.registry().all()) {
			BacktestResult full = strategy.run(s, strategy.defaults(), RunSettings.defaults(), () -> false);
			BacktestResult figures = strategy.runForFigures(s, strategy.defaults(), RunSettings.defaults(), () -> false,
					null);
			assertEquals(full.metrics(), figures.metrics(), strategy.id());
			assertEquals(full.trades(), figures.trades(), strategy.id());
			assertEquals(full.barsProcessed(), figures.barsProcessed(), strategy.id());
		}
	}

	@Test
	void aCancelledRunForItsFiguresHasTheFiguresOfTheBarsItProcessed() throws IOException {
		OhlcvSeries s = SampleData.loadBtcusdt5m();
		Strategy strategy = BuiltIns.registry().get("sma_crossover");
		int[] polls = new int[3];
		strategy.run(s, strategy.defaults(), RunSettings.defaults(), () -> polls[0]++ < 0);
		// the last polls are the trading loop's: cancelled a few checks before its end
		int cancelAt = polls[0] - 3;
		BacktestResult full = strategy.run(s, strategy.defaults(), RunSettings.defaults(),
				() -> polls[1]++ >= cancelAt);
		BacktestResult figures = strategy.runForFigures(s, strategy.defaults(), RunSettings.defaults(),
				() -> polls[2]++ >= cancelAt, null);
		assertTrue(full.isCancelled() && figures.isCancelled());
		assertTrue(full.barsProcessed() > 0 && full.barsProcessed() < s.size(), "stopped part way");
		assertEquals(full.barsProcessed(), full.equity().length);
		assertEquals(0, figures.equity().length, "no curve kept");
		assertEquals(full.metrics(), figures.metrics());
		assertEquals(Metrics.compute(full.equity(), full.barsProcessed(), s.timestamps(), full.trades(),
				RunSettings.defaults().initialCapital()), figures.metrics());
	}

	@Test
	void zscoreStrategyAgreesWithTheKernel() throws IOException {
		OhlcvSeries s = SampleData.loadBtcusdt5m();
		Strategy strategy = BuiltIns.registry().get("bollinger_zscore");
		Parameters p = Parameters.of("bb_period", 30, "entry_z", 2.5, "k_sl", 1.5);
		BacktestResult r = strategy.run(s, p, BollingerZscoreKernel.REFERENCE_SETTINGS, CancellationToken.NONE);
		var k = BollingerZscoreKernel.run(s.close(), s.low(), s.high(), s.timestamps(), BollingerZscoreKernel.prepare(s.close(), 30), 2.5,
				1.5, 1, BollingerZscoreKernel.REFERENCE_SETTINGS, CancellationToken.NONE);
		assertEquals(k.trades(), r.trades().size());
		assertEquals(k.finalEquity(), r.finalEquity(), 1e-9);
		assertEquals(k.sharpePerTrade(), r.extras().get(io.backstop.backtest.strategies.BollingerZscoreStrategy.SHARPE_PER_TRADE));
		assertEquals(k.maxDrawdownClosedPct(), r.extras().get(io.backstop.backtest.strategies.BollingerZscoreStrategy.MAX_DRAWDOWN_CLOSED_PCT));
		assertEquals(k.winRate(), r.metrics().winRate(), 1e-12);
		// a sweep's figures are the backtest's, and those of the curve it draws
		assertEquals(k.metrics(), r.metrics());
		Metrics fromCurve = Metrics.compute(r.equity(), r.barsProcessed(), s.timestamps(), r.trades(),
				BollingerZscoreKernel.REFERENCE_SETTINGS.initialCapital());
		assertEquals(fromCurve.maxDrawdown(), r.metrics().maxDrawdown(), 1e-12);
		assertEquals(fromCurve.sharpe(), r.metrics().sharpe(), 1e-9 * Math.abs(fromCurve.sharpe()));
		assertEquals(fromCurve.sortino(), r.metrics().sortino(), 1e-9 * Math.abs(fromCurve.sortino()));
		assertEquals(fromCurve.profitFactor(), r.metrics().profitFactor(), 1e-12);
		assertEquals(fromCurve.exposure(), r.metrics().exposure(), 1e-12);
	}
}
