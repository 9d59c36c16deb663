package io.backstop.sweep.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.BollingerAtrStrategy;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.DonchianBreakoutStrategy;
import io.backstop.backtest.strategies.EmaCrossoverStrategy;
import io.backstop.backtest.strategies.MacdCrossoverStrategy;
import io.backstop.backtest.strategies.RsiReversalStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.StopSignal;
import io.backstop.sweep.SweepSpec;

/** Shared pieces of the plain tests. */
final class Fixtures {

	private Fixtures() {
	}

	/** The original application's 270-combination grid. */
	static SweepSpec referenceGrid(OhlcvSeries series, int workers) {
		return SweepSpec.builder(StrategyRegistry.BOLLINGER_ZSCORE, series).range("bb_period", 10, 50, 5)
				.range("entry_z", 1.0, 3.0, 0.5).values("k_sl", 0.5, 1, 1.5, 2, 3, 4)
				.settings(BollingerZscoreKernel.REFERENCE_SETTINGS).topK(15).workers(workers).build();
	}

	static SweepEngine engine(Path dir, StopSignal signal) {
		StrategyRegistry registry = builtIns();
		return new SweepEngine(dir, () -> registry, () -> signal, () -> null, EventSink.NONE);
	}

	/** The built-in strategies without OSGi. */
	static StrategyRegistry builtIns() {
		return StrategyRegistry.of(List.of(new SmaCrossoverStrategy(), new EmaCrossoverStrategy(),
				new BollingerAtrStrategy(), new RsiReversalStrategy(), new MacdCrossoverStrategy(),
				new DonchianBreakoutStrategy(), new BollingerZscoreStrategy()));
	}

	/** A stop signal under the test's control; it can also raise itself after a number of polls. */
	static final class TestSignal implements StopSignal {
		private volatile boolean raised;
		private final AtomicLong pollsLeft = new AtomicLong(Long.MAX_VALUE);
		private final List<Runnable> callbacks = new CopyOnWriteArrayList<>();
		private volatile Runnable onLastPoll = this::raise;
		volatile long raisedAtNanos;

		/** Raises the signal on the {@code polls}-th poll from now. */
		void raiseAfterPolls(long polls) {
			afterPolls(polls, this::raise);
		}

		/** Runs {@code action} (once) on the {@code polls}-th poll from now: a point in the middle of a sweep. */
		void afterPolls(long polls, Runnable action) {
			onLastPoll = action;
			pollsLeft.set(polls);
		}

		void raise() {
			raisedAtNanos = System.nanoTime();
			raised = true;
			callbacks.forEach(Runnable::run);
		}

		void lower() {
			raised = false;
			pollsLeft.set(Long.MAX_VALUE);
		}

		@Override
		public boolean isRaised() {
			if (!raised && pollsLeft.get() != Long.MAX_VALUE && pollsLeft.decrementAndGet() == 0) {
				onLastPoll.run();
			}
			return raised;
		}

		@Override
		public Registration onRaise(Runnable callback) {
			callbacks.add(callback);
			if (raised) {
				callback.run();
			}
			return () -> callbacks.remove(callback);
		}
	}

	/** What a coordinator would hand the halt step: a deadline some milliseconds away. */
	static StopContext stopContext(long millis, List<String> progress) {
		return StopContext.of(StopRequest.of("test", "test"), Duration.ofMillis(millis), progress::add);
	}

	/** Rows of a results file by index; fails on a duplicate index. */
	static Map<Long, String> rows(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		Map<Long, String> byIndex = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			long index = Long.parseLong(line.substring(0, line.indexOf(',')));
			if (byIndex.put(index, line) != null) {
				throw new AssertionError("index " + index + " appears twice in " + csv);
			}
		}
		return byIndex;
	}

	static List<String> header(Path csv) throws IOException {
		return new ArrayList<>(List.of(Files.readAllLines(csv).get(0).split(",")));
	}
}
