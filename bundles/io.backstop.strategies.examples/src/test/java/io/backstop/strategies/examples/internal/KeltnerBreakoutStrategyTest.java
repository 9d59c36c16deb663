package io.backstop.strategies.examples.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ExitReason;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.RunStatus;
import io.backstop.backtest.Side;
import io.backstop.backtest.Trade;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.indicators.Indicators;

class KeltnerBreakoutStrategyTest {

	private static final OhlcvSeries SERIES = SyntheticSeries.generate(11, 20_000);
	private final KeltnerBreakoutStrategy strategy = new KeltnerBreakoutStrategy();

	@Test
	void entersOnlyOnABreakOutOfTheChannelAndExitsAtTheMiddle() {
		Parameters p = Parameters.of("ema_period", 30, "atr_period", 10, "atr_k", 1.5);
		BacktestResult r = strategy.run(SERIES, p, RunSettings.defaults(), CancellationToken.NONE);
		double[] close = SERIES.close();
		double[] ema = Indicators.ema(close, 30);
		double[] atr = Indicators.atr(SERIES.high(), SERIES.low(), close, 10);

		assertEquals(RunStatus.COMPLETED, r.status());
		assertTrue(r.trades().size() > 20, "trades on a random walk: " + r.trades().size());
		for (Trade t : r.trades()) {
			int e = t.entryBar();
			if (t.side() == Side.LONG) {
				assertTrue(close[e] > ema[e] + 1.5 * atr[e], "long entry above the upper band at bar " + e);
			} else {
				assertTrue(close[e] < ema[e] - 1.5 * atr[e], "short entry below the lower band at bar " + e);
			}
			if (t.exitReason() == ExitReason.SIGNAL) {
				int x = t.exitBar();
				boolean crossedMiddle = t.side() == Side.LONG ? close[x] < ema[x] : close[x] > ema[x];
				boolean brokeOutTheOtherWay = t.side() == Side.LONG ? close[x] < ema[x] - 1.5 * atr[x]
						: close[x] > ema[x] + 1.5 * atr[x];
				assertTrue(crossedMiddle || brokeOutTheOtherWay, "signal exit at bar " + x);
			}
		}
	}

	@Test
	void aWiderChannelTradesLessAndTheFiguresRunMatchesTheFullRun() {
		BacktestResult narrow = strategy.run(SERIES, Parameters.of("atr_k", 1.0), RunSettings.defaults(),
				CancellationToken.NONE);
		BacktestResult wide = strategy.run(SERIES, Parameters.of("atr_k", 3.0), RunSettings.defaults(),
				CancellationToken.NONE);
		assertTrue(wide.trades().size() < narrow.trades().size(),
				wide.trades().size() + " trades at 3 ATRs, " + narrow.trades().size() + " at 1");
		BacktestResult figures = strategy.runForFigures(SERIES, Parameters.of("atr_k", 1.0), RunSettings.defaults(),
				CancellationToken.NONE, null);
		assertEquals(narrow.metrics(), figures.metrics());
	}

	@Test
	void aCancelledRunStopsAtTheSimulatorsFirstCheck() {
		BacktestResult r = strategy.run(SERIES, Parameters.empty(), RunSettings.defaults(), () -> true);
		assertEquals(RunStatus.CANCELLED, r.status());
		assertTrue(r.trades().isEmpty());
	}
}
