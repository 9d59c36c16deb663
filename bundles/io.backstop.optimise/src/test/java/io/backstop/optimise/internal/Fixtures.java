package io.backstop.optimise.internal;

import java.nio.file.Path;
import java.util.List;

import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.BollingerAtrStrategy;
import io.backstop.backtest.strategies.DonchianBreakoutStrategy;
import io.backstop.backtest.strategies.EmaCrossoverStrategy;
import io.backstop.backtest.strategies.MacdCrossoverStrategy;
import io.backstop.backtest.strategies.RsiReversalStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StopSignal;

/** Shared pieces of the plain tests. */
final class Fixtures {

	private Fixtures() {
	}

	/** Four days of synthetic five-minute bars. */
	static OhlcvSeries series() {
		return SyntheticSeries.generate(7, 4000);
	}

	static StrategyRegistry builtIns() {
		return StrategyRegistry.of(List.of(new SmaCrossoverStrategy(), new EmaCrossoverStrategy(),
				new BollingerAtrStrategy(), new RsiReversalStrategy(), new MacdCrossoverStrategy(),
				new DonchianBreakoutStrategy()));
	}

	static Optimiser optimiser(Path dir, StopSignal signal) {
		StrategyRegistry registry = builtIns();
		return new Optimiser(dir, () -> registry, () -> signal, () -> null);
	}

	/** A stop signal under the test's control. */
	static final class TestSignal implements StopSignal {
		volatile boolean raised;

		@Override
		public boolean isRaised() {
			return raised;
		}

		@Override
		public Registration onRaise(Runnable callback) {
			return () -> {
			};
		}
	}
}
