package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.data.SyntheticSeries;

class BollingerZscoreKernelTest {

	private static final RunSettings NO_COSTS = RunSettings.of(10_000, 0, 0).withRuin(Ruin.CONTINUE);

	/** Period 2: z is +1 when the close rose, -1 when it fell, no signal when unchanged. */
	@Test
	void handComputedWithoutCosts() {
		double[] close = { 100, 100, 100, 90, 95, 96, 80 };
		double[] low = close.clone();
		double[] high = close.clone();
		var prepared = BollingerZscoreKernel.prepare(close, 2);
		var r = BollingerZscoreKernel.run(close, low, high, null, prepared, 0.5, 50, 1, NO_COSTS, CancellationToken.NONE);
		// long 90 -> 95 (reverse), short 95 -> 80 (reverse), long 80 closed at the last close 80
		double n1 = 5.0 / 90;
		double n2 = 15.0 / 95;
		double n3 = 0;
		assertEquals(3, r.trades());
		assertEquals(2, r.wins());
		assertEquals(2.0 / 3, r.winRate(), 1e-15);
		assertEquals(10_000 + n1 * 10_000 + n2 * 10_000, r.finalEquity(), 1e-9);
		assertEquals(r.finalEquity() - 10_000, r.totalPnl(), 1e-12);
		double mean = (n1 + n2 + n3) / 3;
		double sd = Math.sqrt(((n1 - mean) * (n1 - mean) + (n2 - mean) * (n2 - mean) + (n3 - mean) * (n3 - mean)) / 3);
		assertEquals(mean / sd * Math.sqrt(252), r.sharpePerTrade(), 1e-12);
		assertEquals(0, r.maxDrawdownClosedPct());
		assertFalse(r.cancelled());
		assertEquals(7, r.barsProcessed());
	}

	@Test
	void handComputedWithFeesSlippageAndStop() {
		double[] close = { 100, 100, 100, 90, 88, 89 };
		double[] low = { 100, 100, 100, 90, 85, 89 };
		double[] high = close.clone();
		RunSettings settings = RunSettings.of(10_000, 10, 10);
		var r = BollingerZscoreKernel.run(close, low, high, null, BollingerZscoreKernel.prepare(close, 2), 0.5, 5, 2,
				settings, CancellationToken.NONE);
		double slip = 0.001;
		double fees = 0.002;
		// bar 3: long at 90 x 1.001; bar 4: low 85 <= entry x 0.95 -> stop, filled at the close; the bar's
		// signal is long again -> re-enter long at 88 x 1.001
		double e1 = 90 * (1 + slip);
		double x1 = 88 * (1 - slip);
		double net1 = (x1 - e1) / e1 - fees;
		// bar 5: rising -> short signal: exit long at 89 x 0.999, re-enter short at 89 x 0.999
		double e2 = 88 * (1 + slip);
		double x2 = 89 * (1 - slip);
		double net2 = (x2 - e2) / e2 - fees;
		// forced close of the short after the last bar at 89 x 1.001
		double e3 = 89 * (1 - slip);
		double x3 = 89 * (1 + slip);
		double net3 = (e3 - x3) / e3 - fees;
		double notional = 2 * 10_000;
		assertEquals(3, r.trades());
		assertEquals(1, r.wins());
		double eq1 = 10_000 + net1 * notional;
		double eq2 = eq1 + net2 * notional;
		assertEquals(eq2 + net3 * notional, r.finalEquity(), 1e-9);
		// drawdown from the peak (the capital) after closed trades only; the forced close does not count
		double dd = Math.max((10_000 - eq1) / 10_000 * 100, (10_000 - Math.min(eq1, eq2)) / 10_000 * 100);
		assertEquals(dd, r.maxDrawdownClosedPct(), 1e-9);
	}

	@Test
	void fixedNotionalFixedQuantityAndNoShorts() {
		double[] close = { 100, 100, 100, 90, 95, 96, 80 };
		var prepared = BollingerZscoreKernel.prepare(close, 2);
		double n1 = 5.0 / 90;
		double n2 = 15.0 / 95;
		var notional = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 1.5,
				NO_COSTS.withSizing(Sizing.FIXED_NOTIONAL, 2_000), CancellationToken.NONE);
		assertEquals(10_000 + n1 * 3_000 + n2 * 3_000, notional.finalEquity(), 1e-9);
		// 10 units: 90 -> 95 long, 95 -> 80 short, 80 -> 80 long
		var quantity = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 1,
				NO_COSTS.withSizing(Sizing.FIXED_QUANTITY, 10), CancellationToken.NONE);
		assertEquals(10_000 + 10 * 5 + 10 * 15, quantity.finalEquity(), 1e-9);
		// the short signal at 95 closes the long and opens nothing; long again at 80
		var longOnly = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 1,
				NO_COSTS.withAllowShort(false), CancellationToken.NONE);
		assertEquals(2, longOnly.trades());
		assertEquals(10_000 + n1 * 10_000, longOnly.finalEquity(), 1e-9);
		for (var settings : List.of(NO_COSTS.withSizing(Sizing.FIXED_NOTIONAL, 2_000),
				NO_COSTS.withSizing(Sizing.FIXED_QUANTITY, 10), NO_COSTS.withAllowShort(false))) {
			assertEquals(BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 1.5, settings,
					CancellationToken.NONE), BollingerZscoreKernel.runDetailed(close, close, close, null, prepared, 0.5, 50,
							1.5, settings, CancellationToken.NONE, null, null));
		}
	}

	/** Long 4 times the capital at 90; the close of 60 is a loss of 4/3 of it. */
	@Test
	void ruinStopsTheRunAtTheBarItsEquityReachesZero() {
		double[] close = { 100, 100, 100, 90, 60, 50, 80 };
		var prepared = BollingerZscoreKernel.prepare(close, 2);
		RunSettings stop = NO_COSTS.withRuin(Ruin.STOP);
		var r = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 4, stop, CancellationToken.NONE);
		assertEquals(4, r.ruinBar());
		assertEquals(1, r.trades());
		assertEquals(0, r.finalEquity());
		assertEquals(-10_000, r.totalPnl());
		assertEquals(100, r.maxDrawdownClosedPct());
		assertEquals(7, r.barsProcessed());
		double[] equity = new double[close.length];
		List<ExitReason> reasons = new ArrayList<>();
		var detailed = BollingerZscoreKernel.runDetailed(close, close, close, null, prepared, 0.5, 50, 4, stop,
				CancellationToken.NONE, equity, (side, in, out, entry, exit, notional, net, pnl, reason) -> {
					reasons.add(reason);
					assertEquals(-40_000.0 / 3, pnl, 1e-9);
				});
		assertEquals(r, detailed);
		assertEquals(List.of(ExitReason.RUIN), reasons);
		assertArrayEquals(new double[] { 10_000, 10_000, 10_000, 10_000, 0, 0, 0 }, equity);

		var carryOn = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 4, stop.withRuin(Ruin.CONTINUE),
				CancellationToken.NONE);
		assertEquals(-1, carryOn.ruinBar());
		assertEquals(2, carryOn.trades());
		assertEquals(10_000 - 40_000.0 / 9, carryOn.finalEquity(), 1e-9);
	}

	@Test
	void noSignalBeforePeriodNorOnFlatWindow() {
		double[] close = { 1, 1, 1, 1, 1, 1 };
		var prepared = BollingerZscoreKernel.prepare(close, 3);
		for (double z : prepared.z()) {
			assertTrue(Double.isNaN(z));
		}
		var r = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.1, 1, 1, NO_COSTS, CancellationToken.NONE);
		assertEquals(0, r.trades());
		assertEquals(10_000, r.finalEquity());
		assertEquals(0, r.sharpePerTrade());
	}

	@Test
	void matchesTheReferencePortOnTheWholeGridSynthetic() {
		OhlcvSeries s = SyntheticSeries.generate(11, 20_000);
		compareGrid(s);
	}

	@Test
	void matchesTheReferencePortOnTheWholeGridRealData() throws IOException {
		compareGrid(SampleData.loadBtcusdt5m());
	}

	private static void compareGrid(OhlcvSeries s) {
		double[] c = s.close();
		double[] l = s.low();
		double[] h = s.high();
		RunSettings settings = BollingerZscoreKernel.REFERENCE_SETTINGS;
		BollingerZscoreKernel.Prepared prepared = null;
		int totalTrades = 0;
		for (BollingerZscoreKernel.Combo combo : BollingerZscoreKernel.referenceGrid()) {
			if (prepared == null || prepared.period() != combo.bbPeriod()) {
				prepared = BollingerZscoreKernel.prepare(c, combo.bbPeriod());
			}
			var fast = BollingerZscoreKernel.run(c, l, h, null, prepared, combo.entryZ(), combo.kSl(), combo.leverage(),
					settings, CancellationToken.NONE);
			List<String> fastTrades = new ArrayList<>();
			assertEquals(fast, BollingerZscoreKernel.run(c, l, h, null, prepared, combo.entryZ(), combo.kSl(),
					combo.leverage(), settings, CancellationToken.NONE, recorder(fastTrades)));
			var ref = ReferenceZscore.run(c, l, h, combo.bbPeriod(), combo.entryZ(), combo.kSl(), combo.leverage(),
					10_000, 10, 5);
			String what = combo.toString();
			assertEquals(ref.trades(), fast.trades(), what);
			assertEquals(ref.wins(), fast.wins(), what);
			assertEquals(ref.finalEquity(), fast.finalEquity(), 1e-9 * Math.abs(ref.finalEquity()), what);
			assertEquals(ref.sharpe(), fast.sharpePerTrade(), 1e-9 * Math.max(1, Math.abs(ref.sharpe())), what);
			assertEquals(ref.maxDrawdownPct(), fast.maxDrawdownClosedPct(), 1e-9 * Math.max(1, ref.maxDrawdownPct()), what);
			List<String> detailedTrades = new ArrayList<>();
			var detailed = BollingerZscoreKernel.runDetailed(c, l, h, null, prepared, combo.entryZ(), combo.kSl(),
					combo.leverage(), settings, CancellationToken.NONE, null, recorder(detailedTrades));
			assertEquals(fast, detailed, what);
			assertEquals(detailedTrades, fastTrades, what);
			assertEquals(fast.trades(), fastTrades.size(), what);
			totalTrades += fast.trades();
		}
		assertTrue(totalTrades > 1000, "the grid trades: " + totalTrades);
	}

	/** A sink writing each trade as a line of its fields, the prices as exact bits. */
	private static BollingerZscoreKernel.TradeSink recorder(List<String> lines) {
		return (side, entryBar, exitBar, entry, exit, notional, net, pnl, reason) -> lines.add(side + " " + entryBar + " "
				+ exitBar + " " + Double.doubleToLongBits(entry) + " " + Double.doubleToLongBits(exit) + " "
				+ Double.doubleToLongBits(notional) + " " + Double.doubleToLongBits(net) + " "
				+ Double.doubleToLongBits(pnl) + " " + reason);
	}

	@Test
	void detailedRecordsTradesAndEquityConsistentWithTheResult() {
		OhlcvSeries s = SyntheticSeries.generate(5, 5_000);
		double[] c = s.close();
		var prepared = BollingerZscoreKernel.prepare(c, 20);
		double[] equity = new double[c.length];
		List<double[]> trades = new ArrayList<>();
		var r = BollingerZscoreKernel.runDetailed(c, s.low(), s.high(), null, prepared, 2, 1.5, 1,
				BollingerZscoreKernel.REFERENCE_SETTINGS, CancellationToken.NONE, equity,
				(side, entryBar, exitBar, entry, exit, notional, net, pnl, reason) -> trades
						.add(new double[] { side, entryBar, exitBar, pnl }));
		assertEquals(r.trades(), trades.size());
		double sum = 10_000;
		for (double[] t : trades) {
			assertTrue(t[2] > t[1], "exit after entry");
			sum += t[3];
		}
		assertEquals(r.finalEquity(), sum, 1e-6);
		assertEquals(r.finalEquity(), equity[c.length - 1], 1e-9);
	}

	@Test
	void cancelledRunStopsWithinOneCheckInterval() {
		OhlcvSeries s = SyntheticSeries.generate(2, 50_000);
		double[] c = s.close();
		var prepared = BollingerZscoreKernel.prepare(c, 20);
		AtomicInteger polls = new AtomicInteger();
		// the flag goes up right after the second poll, i.e. somewhere inside bars [4096, 8192)
		CancellationToken token = () -> polls.incrementAndGet() > 2;
		var r = BollingerZscoreKernel.run(c, s.low(), s.high(), null, prepared, 1.5, 2, 1,
				BollingerZscoreKernel.REFERENCE_SETTINGS, token);
		assertTrue(r.cancelled());
		assertEquals(2 * CancellationToken.CHECK_INTERVAL, r.barsProcessed());
		assertEquals(3, polls.get());
		// what was computed before the cancellation is kept: the same trades as an uncancelled run on those bars
		int bars = r.barsProcessed();
		double[] cc = java.util.Arrays.copyOf(c, bars);
		var partialPrepared = BollingerZscoreKernel.prepare(cc, 20);
		var full = BollingerZscoreKernel.run(cc, java.util.Arrays.copyOf(s.low(), bars),
				java.util.Arrays.copyOf(s.high(), bars), null, partialPrepared, 1.5, 2, 1,
				BollingerZscoreKernel.REFERENCE_SETTINGS, CancellationToken.NONE);
		assertTrue(full.trades() >= r.trades() && full.trades() <= r.trades() + 1);

		polls.set(0);
		var d = BollingerZscoreKernel.runDetailed(c, s.low(), s.high(), null, prepared, 1.5, 2, 1,
				BollingerZscoreKernel.REFERENCE_SETTINGS, token, null, null);
		assertTrue(d.cancelled());
		assertEquals(2 * CancellationToken.CHECK_INTERVAL, d.barsProcessed());
	}

	@Test
	void cancelledBeforeTheFirstBar() {
		double[] c = SyntheticSeries.generate(2, 1000).close();
		var r = BollingerZscoreKernel.run(c, c, c, null, BollingerZscoreKernel.prepare(c, 10), 1, 1, 1, NO_COSTS, () -> true);
		assertTrue(r.cancelled());
		assertEquals(0, r.barsProcessed());
		assertEquals(0, r.trades());
	}

	@Test
	void preparedStatisticsMatchDirectComputation() {
		double[] c = SyntheticSeries.generate(9, 3000).close();
		for (int period : new int[] { 1, 2, 10, 37 }) {
			var p = BollingerZscoreKernel.prepare(c, period);
			for (int i = period - 1; i < c.length; i++) {
				double sum = 0;
				for (int k = i - period + 1; k <= i; k++) {
					sum += c[k];
				}
				double mean = sum / period;
				double sq = 0;
				for (int k = i - period + 1; k <= i; k++) {
					sq += (c[k] - mean) * (c[k] - mean);
				}
				assertEquals(mean, p.mean()[i], 1e-12 * mean);
				assertEquals(Math.sqrt(sq / period), p.std()[i], 1e-9 * Math.sqrt(sq / period) + 1e-12);
			}
		}
	}

	@Test
	void flatStretchesGiveNoSignalLikeTheReference() {
		// long runs of repeated closes, as in illiquid minute bars
		double[] c = SyntheticSeries.generate(4, 6000).close().clone();
		for (int i = 0; i < c.length; i++) {
			if ((i / 40) % 3 == 0) {
				c[i] = c[(i / 40) * 40];
			}
		}
		double[] l = c.clone();
		double[] h = c.clone();
		for (int period : new int[] { 1, 5, 20 }) {
			var prepared = BollingerZscoreKernel.prepare(c, period);
			var fast = BollingerZscoreKernel.run(c, l, h, null, prepared, 1.0, 1.0, 1, BollingerZscoreKernel.REFERENCE_SETTINGS,
					CancellationToken.NONE);
			var ref = ReferenceZscore.run(c, l, h, period, 1.0, 1.0, 1, 10_000, 10, 5);
			assertEquals(ref.trades(), fast.trades());
			assertEquals(ref.finalEquity(), fast.finalEquity(), 1e-9 * Math.abs(ref.finalEquity()));
		}
	}

	@Test
	void referenceGridHas270Combos() {
		var grid = BollingerZscoreKernel.referenceGrid();
		assertEquals(270, grid.size());
		assertEquals(new BollingerZscoreKernel.Combo(10, 1.0, 0.5, 1), grid.get(0));
		assertEquals(new BollingerZscoreKernel.Combo(50, 3.0, 4, 1), grid.get(269));
		assertArrayEquals(new double[] { 10, 15, 20, 25, 30, 35, 40, 45, 50 },
				grid.stream().mapToDouble(BollingerZscoreKernel.Combo::bbPeriod).distinct().toArray());
	}

	/**
	 * A long entered at 90 sinks to 60 and is closed at 95: after closed trades the account never
	 * fell, marked at every close it fell by a third. Windows of 2 closes give z = -1 on a fall, +1
	 * on a rise, none when equal.
	 */
	@Test
	void drawdownMarkedEveryBarSeesTheOpenLossThatClosedTradesHide() {
		double[] close = { 100, 100, 100, 90, 60, 95, 95 };
		var prepared = BollingerZscoreKernel.prepare(close, 2);
		RunSettings longOnly = NO_COSTS.withAllowShort(false);
		double[] equity = new double[close.length];
		var detailed = BollingerZscoreKernel.runDetailed(close, close, close, null, prepared, 0.5, 50, 1, longOnly,
				CancellationToken.NONE, equity, null);
		var fast = BollingerZscoreKernel.run(close, close, close, null, prepared, 0.5, 50, 1, longOnly,
				CancellationToken.NONE);
		double gain = 10_000 * 5 / 90.0;
		double trough = 10_000 - 10_000 * 30 / 90.0;
		assertArrayEquals(new double[] { 10_000, 10_000, 10_000, 10_000, trough, 10_000 + gain, 10_000 + gain }, equity,
				1e-9);
		assertEquals(0, fast.maxDrawdownClosedPct(), "closed trades only: equity never fell");
		Metrics m = fast.metrics();
		assertEquals(1 / 3.0, m.maxDrawdown(), 1e-12, "marked every bar: 10,000 down to 6,666.67");
		double[] returns = { 0, 0, 0, 0, trough / 10_000 - 1, (10_000 + gain) / trough - 1, 0 };
		double mean = java.util.Arrays.stream(returns).average().orElseThrow();
		double var = java.util.Arrays.stream(returns).map(r -> (r - mean) * (r - mean)).sum() / (returns.length - 1);
		double downside = Math.sqrt(returns[4] * returns[4] / returns.length);
		assertEquals(mean / Math.sqrt(var) * Math.sqrt(252), m.sharpe(), 1e-12);
		assertEquals(Math.sqrt(var) * Math.sqrt(252), m.volatility(), 1e-12);
		assertEquals(mean / downside * Math.sqrt(252), m.sortino(), 1e-12);
		assertEquals(2 / 7.0, m.exposure(), 1e-12, "held from bar 3 to bar 5 of 7");
		assertEquals(5 / 90.0, m.averageTrade(), 1e-12);
		assertEquals(gain, m.expectancy(), 1e-9);
		assertEquals(1, m.winRate());
		assertEquals(Metrics.PROFIT_FACTOR_CAP, m.profitFactor(), "no losing trade");
		assertEquals(fast, detailed);
	}
}
