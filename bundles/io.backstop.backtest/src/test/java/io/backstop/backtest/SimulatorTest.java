package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

class SimulatorTest {

	private static final long DAY = 86_400_000L;

	/** A block's signals, as {@link SignalRules#signals(int, int, Signals)} writes them. */
	private interface BlockSignals {
		void write(int from, int to, Signals out);
	}

	/** Rules from bar 0 whose signals {@code block} writes, with a stop {@code stopPct} percent from the entry (0: none). */
	private static SignalRules rules(double stopPct, BlockSignals block) {
		return new SignalRules() {
			@Override
			public int firstBar() {
				return 0;
			}

			@Override
			public void signals(int from, int to, Signals out) {
				block.write(from, to, out);
			}

			@Override
			public double stopPrice(int i, int dir, double entryPrice) {
				return SignalRules.percentStop(dir, entryPrice, stopPct);
			}
		};
	}

	/** Rules driven by explicit arrays: entry signal per bar, exit flag per bar, stop percent. */
	private static SignalRules scripted(int[] entry, boolean[] exit, double stopPct) {
		return rules(stopPct, (from, to, out) -> {
			for (int i = from; i < to; i++) {
				out.entry(i, entry[i]);
				out.exit(i, exit[i], exit[i]);
			}
		});
	}

	private static OhlcvSeries series(double[] open, double[] high, double[] low, double[] close) {
		long[] t = new long[close.length];
		for (int i = 0; i < t.length; i++) {
			t[i] = i * DAY;
		}
		return new OhlcvSeries("t", "test", t, open, high, low, close, new double[close.length]);
	}

	/**
	 * Bar: 0 1 2 3 4 5 6. Long at bar 1 (close 100), exit signal at bar 3 (close 110); short at bar 4
	 * (close 120) with a 5% stop (126), bar 5 trades up to 127 from an open of 121: stopped at 126.
	 * Fees 10 bps per side, no slippage, whole equity per position.
	 */
	@Test
	void handComputedTradesEquityAndMetrics() {
		double[] close = { 100, 100, 105, 110, 120, 125, 125 };
		double[] open = { 100, 100, 100, 105, 110, 121, 125 };
		double[] high = { 100, 100, 106, 111, 120, 127, 125 };
		double[] low = { 100, 99, 100, 104, 110, 120, 125 };
		int[] entry = { 0, 1, 0, 0, -1, 0, 0 };
		boolean[] exit = { false, false, false, true, false, false, false };
		RunSettings settings = RunSettings.of(10_000, 10, 0);
		BacktestResult r = Simulator.run(series(open, high, low, close), scripted(entry, exit, 5), settings,
				CancellationToken.NONE, "scripted", Parameters.empty());

		assertEquals(RunStatus.COMPLETED, r.status());
		assertEquals(7, r.barsProcessed());
		List<Trade> trades = r.trades();
		assertEquals(2, trades.size());

		// trade 1: 100 units at 100, out at 110; fees 10 + 11
		Trade t1 = trades.get(0);
		assertEquals(Side.LONG, t1.side());
		assertEquals(1, t1.entryBar());
		assertEquals(3, t1.exitBar());
		assertEquals(100, t1.quantity(), 1e-12);
		assertEquals(21, t1.fees(), 1e-9);
		assertEquals(979, t1.pnl(), 1e-9);
		assertEquals(0.0979, t1.netReturn(), 1e-12);
		assertEquals(ExitReason.SIGNAL, t1.exitReason());

		// trade 2: equity 10,979 short at 120 -> 91.491666.. units; stop at 126 (open 121 is below it)
		double qty = 10_979.0 / 120;
		double entryFee = 10_979 * 0.001;
		double exitFee = qty * 126 * 0.001;
		double pnl2 = -qty * 6 - entryFee - exitFee;
		Trade t2 = trades.get(1);
		assertEquals(Side.SHORT, t2.side());
		assertEquals(4, t2.entryBar());
		assertEquals(5, t2.exitBar());
		assertEquals(126, t2.exitPrice(), 1e-12);
		assertEquals(ExitReason.STOP_LOSS, t2.exitReason());
		assertEquals(pnl2, t2.pnl(), 1e-9);

		// equity marked at each close
		double e4 = 10_979 - entryFee;
		double e5 = e4 - qty * 6 - exitFee;
		assertArrayEquals(new double[] { 10_000, 9_990, 10_490, 10_979, e4, e5, e5 }, r.equity(), 1e-9);

		Metrics m = r.metrics();
		assertEquals(e5, m.finalEquity(), 1e-9);
		assertEquals(e5 / 10_000 - 1, m.totalReturn(), 1e-12);
		assertEquals(2, m.tradeCount());
		assertEquals(0.5, m.winRate());
		assertEquals(979 / -pnl2, m.profitFactor(), 1e-12);
		assertEquals((979 + pnl2) / 2, m.expectancy(), 1e-9);
		assertEquals(1.5, m.avgTradeDurationBars());
		// peak 10,979 at bar 3, trough e5 at bar 5, not regained by bar 6
		assertEquals((10_979 - e5) / 10_979, m.maxDrawdown(), 1e-12);
		assertEquals(3, m.maxDrawdownDurationBars());
		// daily bars: 365.25 periods per year; span 6 days
		assertEquals(365.25, m.periodsPerYear(), 1e-9);
		assertEquals(Math.pow(e5 / 10_000, 365.25 / 6) - 1, m.cagr(), 1e-9);
		assertEquals(m.cagr() / m.maxDrawdown(), m.calmar(), 1e-9);
		// Sharpe, Sortino and volatility from per-bar returns, starting from the capital
		double[] eq = r.equity();
		double[] ret = new double[7];
		double prev = 10_000;
		for (int i = 0; i < 7; i++) {
			ret[i] = eq[i] / prev - 1;
			prev = eq[i];
		}
		double mean = java.util.Arrays.stream(ret).average().orElseThrow();
		double ss = 0;
		double down = 0;
		for (double x : ret) {
			ss += (x - mean) * (x - mean);
			down += x < 0 ? x * x : 0;
		}
		double sd = Math.sqrt(ss / 6);
		assertEquals(sd * Math.sqrt(365.25), m.volatility(), 1e-12);
		assertEquals(mean / sd * Math.sqrt(365.25), m.sharpe(), 1e-9);
		assertEquals(mean / Math.sqrt(down / 7) * Math.sqrt(365.25), m.sortino(), 1e-9);
	}

	@Test
	void slippageFixedSizingReversalAndEndOfData() {
		double[] close = { 100, 100, 90, 80 };
		double[] open = close.clone();
		double[] high = close.clone();
		double[] low = close.clone();
		int[] entry = { 0, 1, -1, 0 };
		boolean[] exit = new boolean[4];
		RunSettings settings = new RunSettings(1_000, 0, 100, Sizing.FIXED_NOTIONAL, 500, true, Ruin.STOP);
		BacktestResult r = Simulator.run(series(open, high, low, close), scripted(entry, exit, 0), settings,
				CancellationToken.NONE, "scripted", Parameters.empty());
		List<Trade> trades = r.trades();
		assertEquals(2, trades.size());
		// long 500 notional at 101 (1% slippage), reversed at bar 2: sell at 89.1, short again at 89.1
		Trade t1 = trades.get(0);
		assertEquals(101, t1.entryPrice(), 1e-12);
		assertEquals(89.1, t1.exitPrice(), 1e-12);
		assertEquals(500 / 101.0 * (89.1 - 101), t1.pnl(), 1e-9);
		Trade t2 = trades.get(1);
		assertEquals(Side.SHORT, t2.side());
		assertEquals(89.1, t2.entryPrice(), 1e-12);
		assertEquals(80.8, t2.exitPrice(), 1e-12);
		assertEquals(ExitReason.END_OF_DATA, t2.exitReason());
		assertEquals(500 / 89.1 * (89.1 - 80.8), t2.pnl(), 1e-9);
		assertEquals(1_000 + t1.pnl() + t2.pnl(), r.finalEquity(), 1e-9);
	}

	/** Long 2.5 times the equity at 100; the close of 50 takes the account below zero. */
	@Test
	void aRunWhoseEquityReachesZeroIsRuinedThereUnderStopAndTradesOnUnderContinue() {
		double[] close = { 100, 100, 50, 40, 70 };
		int[] entry = { 0, 1, 0, 1, 0 };
		OhlcvSeries s = series(close.clone(), close.clone(), close.clone(), close);
		RunSettings settings = new RunSettings(1_000, 0, 0, Sizing.EQUITY_FRACTION, 2.5, true, Ruin.STOP);

		BacktestResult stop = Simulator.run(s, scripted(entry, new boolean[5], 0), settings, CancellationToken.NONE,
				"scripted", Parameters.empty());
		assertEquals(2, stop.ruinedAt().orElseThrow().bar());
		assertEquals(2 * DAY, stop.ruinedAt().orElseThrow().time());
		Trade ruin = stop.trades().get(0);
		assertEquals(1, stop.trades().size(), "nothing trades after the ruin");
		assertEquals(ExitReason.RUIN, ruin.exitReason());
		assertEquals(2, ruin.exitBar());
		assertEquals(25 * (50 - 100), ruin.pnl(), 1e-9);
		assertArrayEquals(new double[] { 1_000, 1_000, 0, 0, 0 }, stop.equity());
		Metrics m = stop.metrics();
		assertEquals(-1, m.totalReturn());
		assertEquals(1, m.maxDrawdown());
		assertEquals(-1, m.cagr());
		// returns up to the ruin bar: 0, 0, -1
		double mean = -1.0 / 3;
		double sd = Math.sqrt((2 * mean * mean + (-1 - mean) * (-1 - mean)) / 2);
		assertEquals(mean / sd * Math.sqrt(365.25), m.sharpe(), 1e-12);
		assertEquals(m, Simulator.runForFigures(s, scripted(entry, new boolean[5], 0), settings, CancellationToken.NONE,
				"scripted", Parameters.empty()).metrics(), "the figures-only run agrees");

		BacktestResult carryOn = Simulator.run(s, scripted(entry, new boolean[5], 0), settings.withRuin(Ruin.CONTINUE),
				CancellationToken.NONE, "scripted", Parameters.empty());
		assertTrue(carryOn.ruinedAt().isEmpty());
		assertArrayEquals(new double[] { 1_000, 1_000, -250, -500, 250 }, carryOn.equity(), 1e-9);
		assertEquals(ExitReason.END_OF_DATA, carryOn.trades().get(0).exitReason());
	}

	@Test
	void fixedQuantityPaysThePriceMoveTimesTheQuantity() {
		double[] close = { 100, 100, 105, 110, 90 };
		int[] entry = { 0, 1, 0, 0, 0 };
		boolean[] exit = { false, false, false, true, false };
		RunSettings settings = new RunSettings(1_000, 10, 0, Sizing.FIXED_QUANTITY, 3, true, Ruin.STOP);
		BacktestResult r = Simulator.run(series(close.clone(), close.clone(), close.clone(), close),
				scripted(entry, exit, 0), settings, CancellationToken.NONE, "scripted", Parameters.empty());
		Trade t = r.trades().get(0);
		assertEquals(3, t.quantity());
		assertEquals(3 * 10 - 0.001 * 300 - 0.001 * 330, t.pnl(), 1e-12);
		assertEquals(1_000 + t.pnl(), r.finalEquity(), 1e-12);
	}

	@Test
	void shortsCanBeDisabled() {
		OhlcvSeries s = SyntheticSeries.generate(3, 3000);
		Strategy strategy = BuiltIns.registry().get(StrategyRegistry.SMA_CROSSOVER);
		BacktestResult r = strategy.run(s, strategy.defaults(), RunSettings.defaults().withAllowShort(false),
				CancellationToken.NONE);
		assertTrue(r.trades().size() > 5);
		assertTrue(r.trades().stream().allMatch(t -> t.side() == Side.LONG));
	}

	@Test
	void cancelledRunStopsWithinOneCheckIntervalAndKeepsItsWork() {
		OhlcvSeries s = SyntheticSeries.generate(8, 40_000);
		// trading to the last bar whatever the equity, so that every run polls as often
		RunSettings settings = RunSettings.defaults().withRuin(Ruin.CONTINUE);
		AtomicInteger polls = new AtomicInteger();
		AtomicInteger cancelAfter = new AtomicInteger();
		CancellationToken token = () -> polls.incrementAndGet() > cancelAfter.get();
		int simulatorPolls = (s.size() + CancellationToken.CHECK_INTERVAL - 1) / CancellationToken.CHECK_INTERVAL;
		for (Strategy strategy : BuiltIns.registry().all()) {
			// the indicators' preparation polls the token too: count its polls on a run that is not cancelled
			polls.set(0);
			cancelAfter.set(Integer.MAX_VALUE);
			strategy.run(s, strategy.defaults(), settings, token);
			int preparationPolls = polls.get() - simulatorPolls;
			polls.set(0);
			cancelAfter.set(preparationPolls + 3);
			BacktestResult r = strategy.run(s, strategy.defaults(), settings, token);
			assertEquals(RunStatus.CANCELLED, r.status(), strategy.id());
			assertEquals(3 * CancellationToken.CHECK_INTERVAL, r.barsProcessed(), strategy.id());
			assertEquals(r.barsProcessed(), r.equity().length);
			assertTrue(r.trades().stream().allMatch(t -> t.exitBar() < r.barsProcessed()));
			BacktestResult full = strategy.run(s, strategy.defaults(), settings, CancellationToken.NONE);
			// the cancelled run's trades are the full run's first trades
			assertEquals(full.trades().subList(0, r.trades().size()), r.trades(), strategy.id());
		}
	}

	@Test
	void aRunCancelledWhilePreparingItsIndicatorsStopsThereWithNothingProcessed() {
		OhlcvSeries s = SyntheticSeries.generate(8, 40_000);
		for (Strategy strategy : BuiltIns.registry().all()) {
			AtomicInteger polls = new AtomicInteger();
			// the second poll is inside the preparation (the first is before it)
			BacktestResult r = strategy.run(s, strategy.defaults(), RunSettings.defaults(),
					() -> polls.incrementAndGet() > 1);
			assertEquals(RunStatus.CANCELLED, r.status(), strategy.id());
			assertEquals(0, r.barsProcessed(), strategy.id());
			assertEquals(2, polls.get(), strategy.id() + " polled on after its cancellation");
		}
	}

	/** Rules entering where {@code a} crosses {@code b}, bar by bar through cross or a block at a time through crossings. */
	private static SignalRules crossing(double[] a, double[] b, boolean perBar) {
		return rules(0, perBar ? (from, to, out) -> {
			for (int i = from; i < to; i++) {
				out.entry(i, RulesStrategy.cross(a, b, i));
			}
		} : (from, to, out) -> out.crossings(a, b, from, to));
	}

	@Test
	void crossingsEnterWhereOneArrayCrossesAnotherAsCrossDoesBarByBar() {
		// bar:        0    1  2  3  4  5  6  7
		double[] a = { 1, Double.NaN, 3, 3, 2, 1, 1, 3 };
		double[] b = { 2, 2, 2, 3, 3, 1, 2, 2 };
		// a - b:     -1  NaN  1  0 -1  0 -1  1: up at 7 (from -1); down at 4 (from 0) and 6 (from 0); none after NaN
		double[] close = { 10, 10, 10, 10, 10, 10, 10, 10 };
		BacktestResult r = Simulator.run(series(close, close, close, close), crossing(a, b, false),
				RunSettings.of(1000, 0, 0), CancellationToken.NONE, "crossings", Parameters.empty());
		assertEquals(List.of(4, 7), r.trades().stream().map(Trade::entryBar).toList());
		assertEquals(List.of(Side.SHORT, Side.LONG), r.trades().stream().map(Trade::side).toList());

		// across blocks, ties and warm-up NaNs: the same trades and equity as cross() bar by bar
		OhlcvSeries s = SyntheticSeries.generate(5, 3 * CancellationToken.CHECK_INTERVAL + 77);
		double[] fast = io.backstop.indicators.Indicators.ema(s.close(), 7);
		double[] slow = io.backstop.indicators.Indicators.sma(s.close(), 19);
		for (int k = 0; k < fast.length; k += 97) {
			slow[k] = fast[k];
		}
		BacktestResult perBar = Simulator.run(s, crossing(fast, slow, true), RunSettings.defaults(), CancellationToken.NONE,
				"cross", Parameters.empty());
		BacktestResult inBlocks = Simulator.run(s, crossing(fast, slow, false), RunSettings.defaults(),
				CancellationToken.NONE, "crossings", Parameters.empty());
		assertTrue(perBar.trades().size() > 100, "trades: " + perBar.trades().size());
		assertEquals(perBar.trades(), inBlocks.trades());
		assertArrayEquals(perBar.equity(), inBlocks.equity());
	}
}
