package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.data.SyntheticSeries;

/**
 * What holds for every built-in strategy, whatever its parameters (drawn at random within their
 * specs), its settings and its data: the sample and synthetic series, under both ruin modes.
 */
class RunPropertiesTest {

	private static final int DRAWS_PER_STRATEGY = 200;

	private static List<OhlcvSeries> series;

	@BeforeAll
	static void load() throws IOException {
		series = List.of(SampleData.loadBtcusdt5m(), SyntheticSeries.generate(21, 4_000),
				SyntheticSeries.generate(22, 2_500), SyntheticSeries.generate(23, 6_000));
	}

	@Test
	void everyStrategyGivesConsistentFiniteFiguresUnderBothRuinModes() {
		SplittableRandom random = new SplittableRandom(13);
		int ruined = 0;
		int runs = 0;
		for (Strategy strategy : BuiltIns.registry().all()) {
			for (int draw = 0; draw < DRAWS_PER_STRATEGY; draw++) {
				OhlcvSeries s = series.get(random.nextInt(series.size()));
				Parameters p = randomParameters(strategy, random);
				RunSettings settings = randomSettings(random, s);
				for (Ruin ruin : Ruin.values()) {
					RunSettings runSettings = settings.withRuin(ruin);
					BacktestResult r;
					try {
						r = strategy.run(s, p, runSettings, CancellationToken.NONE);
					} catch (IllegalArgumentException refused) {
						// for example a fast period not below the slow one
						continue;
					}
					String what = strategy.id() + " " + r.parameters() + " " + runSettings + " on " + s.name();
					checkFigures(r, s, what);
					BacktestResult figures = strategy.runForFigures(s, p, runSettings, CancellationToken.NONE, null);
					assertEquals(r.metrics(), figures.metrics(), what);
					assertEquals(r.ruinedAt(), figures.ruinedAt(), what);
					runs++;
					if (r.isRuined()) {
						ruined++;
					}
				}
			}
		}
		assertTrue(runs > 2000, "runs: " + runs);
		assertTrue(ruined > 50 && ruined < runs / 2, "some of the " + runs + " runs are ruined: " + ruined);
	}

	private static void checkFigures(BacktestResult r, OhlcvSeries s, String what) {
		Metrics m = r.metrics();
		assertFinite(m, what);
		r.extras().forEach((name, value) -> assertTrue(Double.isFinite(value), what + ": " + name + " = " + value));
		double[] equity = r.equity();
		int measured = r.ruinedAt().map(x -> x.bar() + 1).orElse(equity.length);
		double mean = meanReturn(equity, measured, r.settings().initialCapital());
		// a mean within rounding of zero has no sign to follow
		if (Math.abs(mean) > 1e-15) {
			assertEquals(Math.signum(mean), Math.signum(m.sharpe()), what + ": Sharpe " + m.sharpe() + ", mean " + mean);
			if (m.sortino() != 0) {
				assertEquals(Math.signum(mean), Math.signum(m.sortino()), what + ": Sortino " + m.sortino());
			}
		}
		assertTrue(m.maxDrawdown() >= 0, what);
		if (r.settings().ruin() == Ruin.STOP) {
			assertTrue(m.maxDrawdown() <= 1, what + ": drawdown " + m.maxDrawdown());
			assertTrue(m.totalReturn() >= -1, what + ": return " + m.totalReturn());
			for (double e : equity) {
				assertTrue(e >= 0, what + ": equity " + e);
			}
		} else {
			assertTrue(r.ruinedAt().isEmpty(), what);
		}
		r.ruinedAt().ifPresent(at -> {
			assertEquals(s.timestamps()[at.bar()], at.time(), what);
			assertEquals(-1, m.totalReturn(), what);
			assertEquals(1, m.maxDrawdown(), what);
			assertTrue(r.trades().stream().allMatch(t -> t.exitBar() <= at.bar()), what + ": a trade after the ruin");
			for (int i = at.bar(); i < equity.length; i++) {
				assertEquals(0, equity[i], what + ": equity after the ruin at bar " + i);
			}
			assertEquals(s.size(), r.barsProcessed(), what);
		});
		assertTrue(r.trades().stream().noneMatch(t -> t.exitReason() == ExitReason.RUIN && r.ruinedAt().isEmpty()), what);
	}

	/** Mean per-bar return of the first {@code bars} values, the first from the capital. */
	private static double meanReturn(double[] equity, int bars, double capital) {
		double sum = 0;
		double last = capital;
		for (int t = 0; t < bars; t++) {
			sum += last != 0 ? equity[t] / last - 1 : 0;
			last = equity[t];
		}
		return sum / bars;
	}

	private static void assertFinite(Record figures, String what) {
		for (RecordComponent c : figures.getClass().getRecordComponents()) {
			try {
				Object v = c.getAccessor().invoke(figures);
				if (v instanceof Double d) {
					assertTrue(Double.isFinite(d), what + ": " + c.getName() + " = " + d);
				}
			} catch (ReflectiveOperationException e) {
				fail(e);
			}
		}
	}

	@Test
	void theKernelsFiguresAreConsistentAndItsTwoRunsAgreeUnderBothRuinModes() {
		SplittableRandom random = new SplittableRandom(17);
		Strategy strategy = BuiltIns.registry().get(StrategyRegistry.BOLLINGER_ZSCORE);
		int ruined = 0;
		for (int draw = 0; draw < 300; draw++) {
			OhlcvSeries s = series.get(random.nextInt(series.size()));
			Parameters p = randomParameters(strategy, random).resolve(strategy.parameters());
			RunSettings settings = randomSettings(random, s);
			var prepared = BollingerZscoreKernel.prepare(s.close(), p.getInt("bb_period"));
			for (Ruin ruin : Ruin.values()) {
				RunSettings runSettings = settings.withRuin(ruin);
				String what = p + " " + runSettings + " on " + s.name();
				List<double[]> trades = new ArrayList<>();
				var fast = BollingerZscoreKernel.run(s.close(), s.low(), s.high(), s.timestamps(), prepared, p.getDouble("entry_z"),
						p.getDouble("k_sl"), p.getDouble("leverage"), runSettings, CancellationToken.NONE);
				var detailed = BollingerZscoreKernel.runDetailed(s.close(), s.low(), s.high(), s.timestamps(), prepared,
						p.getDouble("entry_z"), p.getDouble("k_sl"), p.getDouble("leverage"), runSettings,
						CancellationToken.NONE, null,
						(side, in, out, entry, exit, notional, net, pnl, reason) -> trades.add(new double[] { net, out }));
				assertEquals(fast, detailed, what);
				assertFinite(fast, what);
				double meanNet = trades.stream().mapToDouble(t -> t[0]).average().orElse(0);
				if (fast.sharpePerTrade() != 0) {
					assertEquals(Math.signum(meanNet), Math.signum(fast.sharpePerTrade()), what + ": per-trade Sharpe");
				}
				assertTrue(fast.maxDrawdownClosedPct() >= 0, what);
				if (ruin == Ruin.STOP) {
					assertTrue(fast.finalEquity() >= 0 && fast.maxDrawdownClosedPct() <= 100, what);
				}
				if (fast.ruined()) {
					ruined++;
					assertEquals(0, fast.finalEquity(), what);
					assertTrue(trades.stream().allMatch(t -> t[1] <= fast.ruinBar()), what);
				}
			}
		}
		assertTrue(ruined > 20, "ruined runs: " + ruined);
	}

	@Test
	void twiceTheCapitalSizedByFractionOfEquityGivesTheSameReturns() {
		SplittableRandom random = new SplittableRandom(5);
		for (Strategy strategy : BuiltIns.registry().all()) {
			for (int draw = 0; draw < 20; draw++) {
				OhlcvSeries s = series.get(random.nextInt(series.size()));
				Parameters p = randomParameters(strategy, random);
				RunSettings settings = randomSettings(random, s).withSizing(Sizing.EQUITY_FRACTION,
						0.2 + random.nextDouble() * 3);
				for (Ruin ruin : Ruin.values()) {
					RunSettings once = settings.withRuin(ruin);
					BacktestResult a;
					try {
						a = strategy.run(s, p, once, CancellationToken.NONE);
					} catch (IllegalArgumentException refused) {
						continue;
					}
					BacktestResult b = strategy.run(s, p, once.withCapital(2 * once.initialCapital()),
							CancellationToken.NONE);
					String what = strategy.id() + " " + a.parameters() + " " + once;
					assertEquals(a.metrics().totalReturn(), b.metrics().totalReturn(), what);
					assertEquals(a.metrics().sharpe(), b.metrics().sharpe(), what);
					assertEquals(a.metrics().sortino(), b.metrics().sortino(), what);
					assertEquals(a.metrics().maxDrawdown(), b.metrics().maxDrawdown(), what);
					assertEquals(a.ruinedAt(), b.ruinedAt(), what);
					assertEquals(2 * a.metrics().finalEquity(), b.metrics().finalEquity(), what);
				}
			}
		}
	}

	/**
	 * Under {@link Ruin#CONTINUE} only the kernel, which trades whatever its equity: the simulator
	 * opens nothing while equity is not positive, so a costlier run may sit out later losses.
	 */
	@Test
	void higherFeesNeverImproveTheResult() {
		double[] fees = { 0, 2, 5, 10, 25, 50, 100, 300 };
		SplittableRandom random = new SplittableRandom(9);
		for (Strategy strategy : BuiltIns.registry().all()) {
			for (int draw = 0; draw < 10; draw++) {
				OhlcvSeries s = series.get(random.nextInt(series.size()));
				Parameters p = randomParameters(strategy, random);
				RunSettings settings = randomSettings(random, s);
				for (Ruin ruin : Ruin.values()) {
					if (ruin == Ruin.CONTINUE && !strategy.id().equals(StrategyRegistry.BOLLINGER_ZSCORE)) {
						continue;
					}
					double previous = Double.POSITIVE_INFINITY;
					for (double f : fees) {
						RunSettings withFees = settings.withCosts(f, settings.slippageBps()).withRuin(ruin);
						double finalEquity;
						try {
							finalEquity = strategy.run(s, p, withFees, CancellationToken.NONE).finalEquity();
						} catch (IllegalArgumentException refused) {
							break;
						}
						assertTrue(finalEquity <= previous * (1 + 1e-12) + 1e-9,
								strategy.id() + " " + p + " " + withFees + ": " + finalEquity + " after " + previous);
						previous = finalEquity;
					}
				}
			}
		}
	}

	/** Every parameter drawn uniformly within its spec (whole numbers for integer parameters). */
	private static Parameters randomParameters(Strategy strategy, SplittableRandom random) {
		Map<String, Double> values = new LinkedHashMap<>();
		for (ParameterSpec spec : strategy.parameters()) {
			// the widest ranges (periods up to 1000, stops up to 100 %) mostly give no trade: draw from the sweep range
			double low = spec.sweepStart();
			double high = spec.sweepStop();
			double v = low + random.nextDouble() * (high - low);
			values.put(spec.name(), spec.type() == ParameterType.INT ? Math.rint(v) : v);
		}
		return Parameters.of(values);
	}

	/** Capital, costs, sizing and shorts drawn so that some runs on {@code s} go to zero and most do not. */
	private static RunSettings randomSettings(SplittableRandom random, OhlcvSeries s) {
		double capital = 1_000 + random.nextDouble() * 99_000;
		double fees = random.nextDouble() * 20;
		double slippage = random.nextDouble() * 10;
		Sizing sizing = Sizing.values()[random.nextInt(3)];
		double value = switch (sizing) {
		case EQUITY_FRACTION -> 0.1 + random.nextDouble() * (random.nextInt(4) == 0 ? 40 : 2);
		case FIXED_NOTIONAL -> capital * (0.1 + random.nextDouble() * (random.nextInt(4) == 0 ? 40 : 2));
		case FIXED_QUANTITY -> capital / s.close()[0] * (0.1 + random.nextDouble() * (random.nextInt(4) == 0 ? 40 : 2));
		};
		return new RunSettings(capital, fees, slippage, sizing, value, random.nextBoolean(), Ruin.STOP);
	}
}
