package io.backstop.optimise.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.ParameterConstraint;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.indicators.IndicatorCache;
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
				new DonchianBreakoutStrategy(), new SlowSmaCrossover()));
	}

	/**
	 * {@code sma_crossover} taking at least 3 ms a backtest, so that a test can stop a search in its
	 * middle on any machine.
	 */
	static final class SlowSmaCrossover implements Strategy {
		static final String ID = "slow_sma_crossover";
		private final Strategy sma = new SmaCrossoverStrategy();

		@Override
		public String id() {
			return ID;
		}

		@Override
		public String displayName() {
			return "Slow SMA crossover";
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
		public List<ParameterConstraint> constraints() {
			return sma.constraints();
		}

		@Override
		public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
				CancellationToken cancel, IndicatorCache cache) {
			try {
				Thread.sleep(3);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return sma.run(series, parameters, settings, cancel, cache);
		}
	}

	static Optimiser optimiser(Path dir, StopSignal signal) {
		StrategyRegistry registry = builtIns();
		return new Optimiser(dir, () -> registry, () -> signal, () -> null, () -> null);
	}

	/** An optimiser that knows one strategy more than the built-ins. */
	static Optimiser optimiser(Path dir, StopSignal signal, Strategy extra) {
		List<Strategy> all = new ArrayList<>(builtIns().all());
		all.add(extra);
		StrategyRegistry registry = StrategyRegistry.of(all);
		return new Optimiser(dir, () -> registry, () -> signal, () -> null, () -> null);
	}

	/** {@code sma_crossover}, keeping the parameters of every backtest it is asked for. */
	static final class RecordingSmaCrossover implements Strategy {
		static final String ID = "recording_sma_crossover";
		private final Strategy sma = new SmaCrossoverStrategy();
		private final List<Parameters> backtests = new CopyOnWriteArrayList<>();

		List<Parameters> backtests() {
			return backtests;
		}

		@Override
		public String id() {
			return ID;
		}

		@Override
		public String displayName() {
			return "Recording SMA crossover";
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
		public List<ParameterConstraint> constraints() {
			return sma.constraints();
		}

		@Override
		public BacktestResult run(OhlcvSeries series, Parameters parameters, RunSettings settings,
				CancellationToken cancel, IndicatorCache cache) {
			backtests.add(parameters.resolve(parameters()));
			return sma.run(series, parameters, settings, cancel, cache);
		}
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
