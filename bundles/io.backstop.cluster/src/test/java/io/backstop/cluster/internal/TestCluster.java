package io.backstop.cluster.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.backstop.backtest.BollingerZscoreKernel;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.strategies.BollingerZscoreStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.internal.EmergencyStopCoordinator;
import io.backstop.estop.internal.PlainCoordinator;
import io.backstop.sweep.RangeExecutor;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.internal.EventSink;
import io.backstop.sweep.internal.SweepEngine;

/**
 * Members in one JVM on loopback, each with a sweep engine and an emergency stop coordinator of its
 * own, wired as the DS runtime wires them inside a Backstop. As a test's extension, it closes every
 * member after each test and deletes their files.
 */
final class TestCluster implements AutoCloseable, AfterEachCallback {

	static final StrategyRegistry STRATEGIES = StrategyRegistry
			.of(List.of(new SmaCrossoverStrategy(), new BollingerZscoreStrategy()));

	/** A member: its node, its sweep engine, its stop, the sweep events its engine posted. */
	record Member(ClusterNode node, SweepEngine engine, EmergencyStopCoordinator stop, Events events) {
	}

	/** Sweep events as EventAdmin would carry them, oldest first. */
	record Events(List<String> topics, List<Map<String, Object>> properties) implements EventSink {
		Events() {
			this(new CopyOnWriteArrayList<>(), new CopyOnWriteArrayList<>());
		}

		@Override
		public void post(String topic, Map<String, Object> eventProperties) {
			topics.add(topic);
			properties.add(eventProperties);
		}

		/** The properties of the last event of a topic; null when none came. */
		Map<String, Object> last(String topic) {
			for (int i = topics.size() - 1; i >= 0; i--) {
				if (topics.get(i).equals(topic)) {
					return properties.get(i);
				}
			}
			return null;
		}
	}

	private final List<AutoCloseable> open = new ArrayList<>();
	private Path dir;

	/** Three members of one cluster on free-looking ports, each listing the other two. */
	List<Member> three(String name) throws Exception {
		int base = ThreadLocalRandom.current().nextInt(20_000, 50_000);
		List<Integer> ports = List.of(base, base + 1, base + 2);
		List<Member> members = new ArrayList<>();
		for (int port : ports) {
			members.add(member(name, port, ports.stream().filter(p -> p != port).toList(), 4000, Map.of()));
		}
		return members;
	}

	/**
	 * @param clusterStepMillis the deadline of its {@code cluster.report} step
	 * @param extraSteps        more steps of its stop, with their properties
	 */
	Member member(String name, int port, List<Integer> others, long clusterStepMillis,
			Map<Stoppable, Map<String, ?>> extraSteps) throws Exception {
		if (dir == null) {
			dir = Files.createTempDirectory("cluster-test");
		}
		AtomicReference<ClusterNode> node = new AtomicReference<>();
		AtomicReference<EmergencyStopCoordinator> stop = new AtomicReference<>();
		RangeExecutor cluster = new NodeRangeExecutor(node::get);
		Events events = new Events();
		SweepEngine engine = new SweepEngine(dir.resolve("member-" + port), () -> STRATEGIES, stop::get, () -> null,
				events, 250, 5000, 100, () -> List.of(cluster));
		open.add(engine);
		Map<Stoppable, Map<String, ?>> steps = new LinkedHashMap<>(extraSteps);
		steps.put(engine, Map.of(Stoppable.ORDER, 100, Stoppable.TIMEOUT_MS, 3000L));
		steps.put(new ClusterStopStep(node::get), Map.of(Stoppable.ORDER, 100, Stoppable.TIMEOUT_MS, 3000L));
		steps.put(new ClusterReportStep(node::get),
				Map.of(Stoppable.ORDER, 550, Stoppable.TIMEOUT_MS, clusterStepMillis));
		stop.set(PlainCoordinator.create(dir.resolve("history-" + port + ".json"), steps));
		open.add(() -> PlainCoordinator.close(stop.get()));
		List<String> members = others.stream().map(p -> "127.0.0.1:" + p).toList();
		node.set(new ClusterNode(new ClusterSettings(true, name, port, members, "127.0.0.1", false,
				ClusterSettings.HEARTBEAT_SECONDS, ClusterSettings.NO_HEARTBEAT_SECONDS),
				() -> engine, stop::get));
		open.add(node.get());
		return new Member(node.get(), engine, stop.get(), events);
	}

	/** The original application's 270-combination grid on a synthetic series. */
	static SweepSpec referenceGrid(int bars, int workers) {
		return SweepSpec.builder(StrategyRegistry.BOLLINGER_ZSCORE, SyntheticSeries.generate(bars, bars))
				.range("bb_period", 10, 50, 5).range("entry_z", 1.0, 3.0, 0.5).values("k_sl", 0.5, 1, 1.5, 2, 3, 4)
				.settings(BollingerZscoreKernel.REFERENCE_SETTINGS).topK(10).workers(workers).build();
	}

	/**
	 * About 10,000 combinations on 60,000 bars: seconds of work on every member, long enough for a
	 * member to join or die while it runs.
	 */
	static SweepSpec largeGrid() {
		return SweepSpec.builder(StrategyRegistry.BOLLINGER_ZSCORE, SyntheticSeries.generate(60_000, 60_000))
				.range("bb_period", 10, 200, 1).range("entry_z", 1.0, 3.0, 0.25).values("k_sl", 0.5, 1, 1.5, 2, 3, 4)
				.settings(BollingerZscoreKernel.REFERENCE_SETTINGS).topK(10).build();
	}

	@Override
	public void afterEach(ExtensionContext context) throws Exception {
		close();
	}

	@Override
	public void close() throws Exception {
		for (int i = open.size() - 1; i >= 0; i--) {
			open.get(i).close();
		}
		open.clear();
		if (dir != null) {
			try (Stream<Path> files = Files.walk(dir)) {
				for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(file);
				}
			}
			dir = null;
		}
	}
}
