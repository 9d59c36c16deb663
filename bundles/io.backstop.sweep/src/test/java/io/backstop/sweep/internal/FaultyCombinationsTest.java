package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/** A combination the strategy refuses or fails on stays inside that combination: the sweep goes on and says how many. */
class FaultyCombinationsTest {

	@TempDir
	Path dir;

	/** sma_crossover, except that it fails with a fast period of 7, as a user's strategy with a bug would. */
	private static final class FailsAtSeven implements Strategy {
		private final Strategy sma = new SmaCrossoverStrategy();

		@Override
		public String id() {
			return "fails_at_seven";
		}

		@Override
		public String displayName() {
			return "Fails at seven";
		}

		@Override
		public String description() {
			return sma.description();
		}

		@Override
		public List<ParameterSpec> parameters() {
			return sma.parameters();
		}

		@Override
		public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
				CancellationToken cancel, IndicatorCache cache) {
			if (parameters.resolve(parameters()).getInt("fast_period") == 7) {
				throw new IllegalStateException("index 7 out of bounds in Faulty.java:12");
			}
			return sma.runForFigures(series, parameters, settings, cancel, cache);
		}
	}

	@Test
	void refusedAndFailedCombinationsHaveEmptyFiguresAndTheSweepCompletesNamingTheFirstReason() throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(7, 3_000);
		StrategyRegistry registry = StrategyRegistry.of(List.of(new FailsAtSeven()));
		try (SweepEngine engine = new SweepEngine(dir, () -> registry, Fixtures.TestSignal::new, () -> null,
				EventSink.NONE)) {
			// fast 5..9 against slow 8..10: fast 7 fails (3 combinations), fast >= slow is refused (9, 8 / 9, 9 / 8, 8)
			SweepSpec spec = SweepSpec.builder("fails_at_seven", series).range("fast_period", 5, 9, 1)
					.range("slow_period", 8, 10, 1).workers(1).build();
			SweepStatus status = engine.start(spec).completion().get(60, TimeUnit.SECONDS);

			assertEquals(SweepState.COMPLETED, status.state(), status.message());
			assertEquals(15, status.combosDone());
			assertEquals("6 combinations gave no figures; the first: index 7 out of bounds in Faulty.java:12",
					status.message());
			Map<Long, String> rows = Fixtures.rows(status.resultsFile());
			assertEquals(15, rows.size());
			int finalEquity = Fixtures.header(status.resultsFile()).indexOf(SweepMetrics.FINAL_EQUITY);
			long empty = rows.values().stream().filter(line -> line.split(",", -1)[finalEquity].isEmpty()).count();
			assertEquals(6, empty, "no figures in the rows of the refused and failed combinations");
		}
	}
}
