package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/** A strategy that leaves while a sweep uses it halts that sweep, keeping what it computed. */
class WithdrawnStrategyTest {

	@TempDir
	Path dir;

	/** One strategy that the test withdraws when it chooses, as a stopping bundle would. */
	private static final class OneStrategy implements StrategyRegistry {
		final Strategy strategy = new SmaCrossoverStrategy();
		volatile boolean present = true;
		volatile Runnable onWithdrawn = () -> {
		};

		void withdraw() {
			present = false;
			onWithdrawn.run();
		}

		@Override
		public List<Strategy> all() {
			return present ? List.of(strategy) : List.of();
		}

		@Override
		public Watch whenWithdrawn(Strategy watched, Runnable action) {
			onWithdrawn = action;
			return () -> onWithdrawn = () -> {
			};
		}
	}

	@Test
	void theSweepHaltsWithAMessageNamingTheStrategyAndItsRowsAreKept() throws Exception {
		OhlcvSeries series = SyntheticSeries.generate(7, 6_000);
		OneStrategy registry = new OneStrategy();
		Fixtures.TestSignal signal = new Fixtures.TestSignal();
		signal.afterPolls(400, registry::withdraw);
		try (SweepEngine engine = new SweepEngine(dir, () -> registry, () -> signal, () -> null, EventSink.NONE)) {
			SweepSpec spec = SweepSpec.builder(StrategyRegistry.SMA_CROSSOVER, series).range("fast_period", 2, 40, 1)
					.range("slow_period", 50, 100, 5).workers(2).build();
			SweepStatus status = engine.start(spec).completion().get(60, TimeUnit.SECONDS);

			assertEquals(SweepState.CANCELLED, status.state());
			long total = spec.totalCombos();
			assertTrue(status.combosDone() > 0 && status.combosDone() < total, "halted part way: " + status.combosDone());
			assertEquals(String.format(java.util.Locale.ROOT, "halted: strategy sma_crossover was withdrawn while the sweep ran; %,d of %,d"
					+ " combinations kept", status.combosDone(), total), status.message());
			assertEquals(status.combosDone(), Fixtures.rows(status.resultsFile()).size());
		}
	}
}
