package io.backstop.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.backtest.RunSettings;
import io.backstop.data.SyntheticSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;
import io.backstop.optimise.Placement;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchState;
import io.backstop.optimise.SearchStatus;
import io.backstop.optimise.internal.Optimiser;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepMetrics;

/**
 * Searches whose points go to three members in one JVM on loopback: the optimisation service of the
 * first member sends them through the cluster's range executor, as a distributed sweep's ranges.
 */
class ClusterSearchTest {

	@RegisterExtension
	final TestCluster cluster = new TestCluster();

	@TempDir
	Path dir;

	/** Three members, and the optimisation service of the first, whose stop is a step of its coordinator. */
	private record Started(List<TestCluster.Member> members, Optimiser optimiser) {
	}

	/** Three members; the first has an optimisation service that sends points to the other two. */
	private Started three() throws Exception {
		List<Integer> ports = freePorts(3);
		AtomicReference<TestCluster.Member> first = new AtomicReference<>();
		Optimiser optimiser = new Optimiser(dir, () -> TestCluster.STRATEGIES,
				() -> first.get() == null ? null : first.get().stop().signal(), () -> null, () -> null,
				() -> List.of(new NodeRangeExecutor(() -> first.get().node())));
		Stoppable halt = new Stoppable() {
			@Override
			public String id() {
				return "optimise.halt";
			}

			@Override
			public String label() {
				return "Halt running searches";
			}

			@Override
			public StepResult stop(StopContext context) {
				return optimiser.stop(context);
			}
		};
		List<TestCluster.Member> members = new ArrayList<>();
		for (int port : ports) {
			List<Integer> others = ports.stream().filter(p -> p != port).toList();
			members.add(cluster.member("search", port, others, 4000, members.isEmpty()
					? Map.of(halt, Map.of(Stoppable.ORDER, 100, Stoppable.TIMEOUT_MS, 3000L))
					: Map.of()));
			first.compareAndSet(null, members.get(0));
		}
		return new Started(members, optimiser);
	}

	/** Ports nothing listens on now, asked of the system: other builds on this machine run clusters too. */
	private static List<Integer> freePorts(int count) throws IOException {
		List<ServerSocket> sockets = new ArrayList<>();
		try {
			for (int i = 0; i < count; i++) {
				sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
			}
			return sockets.stream().map(ServerSocket::getLocalPort).toList();
		} finally {
			for (ServerSocket socket : sockets) {
				socket.close();
			}
		}
	}

	/** Waits until {@code done} holds, 30 s at most. */
	private static void await(BooleanSupplier done) throws InterruptedException {
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!done.getAsBoolean() && System.nanoTime() < until) {
			Thread.sleep(1);
		}
	}

	/** {@code sma_crossover} (fast_period < slow_period: the members number the admitted points as the search does). */
	private static SearchSpec spec(SearchMethod method, int bars, int budget, long seed) {
		return new SearchSpec("sma_crossover", SyntheticSeries.generate(3, bars),
				List.of(ParameterRange.range("fast_period", 5, 60, 5), ParameterRange.range("slow_period", 20, 200, 10),
						ParameterRange.range("stop_loss_pct", 0, 4, 1)),
				RunSettings.defaults(), Objective.maximize(SweepMetrics.SHARPE), method, budget, seed, 0);
	}

	private static SearchStatus finish(SearchHandle search) throws Exception {
		return search.completion().get(120, TimeUnit.SECONDS);
	}

	private static void assertSameResults(SearchStatus expected, SearchStatus actual) throws Exception {
		assertEquals(SearchState.COMPLETED, actual.state(), actual.message());
		assertEquals(Files.readAllLines(expected.resultsFile()), Files.readAllLines(actual.resultsFile()),
				"the same evaluations in the same order, figure for figure");
		assertEquals(expected.best(), actual.best());
	}

	@Test
	void aBollingerZscoreSearchWhoseMembersRunItOnTheKernelEqualsOneAtATime() throws Exception {
		Started started = three();
		List<TestCluster.Member> members = started.members();
		SearchSpec spec = new SearchSpec("bollinger_zscore", SyntheticSeries.generate(5, 6_000),
				List.of(ParameterRange.range("bb_period", 10, 60, 5), ParameterRange.range("entry_z", 1.0, 3.0, 0.5),
						ParameterRange.values("k_sl", 0.5, 1, 2, 3)),
				RunSettings.defaults(), Objective.maximize(SweepMetrics.SHARPE), SearchMethod.GENETIC, 80, 4, 0);
		SearchStatus oneAtATime = finish(started.optimiser().start(spec, new Placement(1, false)));
		long before = members.get(1).node().rangesEvaluated() + members.get(2).node().rangesEvaluated();
		SearchStatus onCluster = finish(started.optimiser().start(spec, new Placement(1, true)));

		assertSameResults(oneAtATime, onCluster);
		assertTrue(members.get(1).node().rangesEvaluated() + members.get(2).node().rangesEvaluated() > before,
				"the other members evaluated points");
	}

	@Test
	void theSameSeedGivesTheSameResultsOneAtATimeInParallelAndOnThreeMembers() throws Exception {
		Started started = three();
		List<TestCluster.Member> members = started.members();
		Optimiser optimiser = started.optimiser();
		for (SearchMethod method : SearchMethod.values()) {
			SearchSpec spec = spec(method, 6_000, 120, 21);
			SearchStatus oneAtATime = finish(optimiser.start(spec, new Placement(1, false)));
			SearchStatus parallel = finish(optimiser.start(spec, new Placement(3, false)));
			long before1 = members.get(1).node().rangesEvaluated();
			long before2 = members.get(2).node().rangesEvaluated();
			SearchHandle search = optimiser.start(spec, new Placement(1, true));
			SearchStatus onCluster = finish(search);
			assertSameResults(oneAtATime, parallel);
			assertSameResults(oneAtATime, onCluster);
			assertEquals(oneAtATime.message(), onCluster.message());
			assertTrue(members.get(1).node().rangesEvaluated() > before1 && members.get(2).node().rangesEvaluated() > before2,
					method + ": both other members evaluated points");
			Map<String, Long> byMember = search.doneByMember();
			assertEquals(members.get(0).node().address(), byMember.keySet().iterator().next(), "this member first");
			assertEquals(members.stream().map(m -> m.node().address()).collect(Collectors.toSet()), byMember.keySet());
			assertEquals(onCluster.evaluations(), byMember.values().stream().mapToLong(Long::longValue).sum(),
					"every evaluation counted once, where it ran: " + byMember);
		}
	}

	@Test
	void aMemberThatLeavesMidSearchLosesNoPoint() throws Exception {
		Started started = three();
		List<TestCluster.Member> members = started.members();
		Optimiser optimiser = started.optimiser();
		SearchSpec spec = spec(SearchMethod.RANDOM, 30_000, 200, 8);
		SearchStatus local = finish(optimiser.start(spec, new Placement(1, false)));

		SearchHandle search = optimiser.start(spec, new Placement(1, true));
		await(() -> members.get(2).node().rangesEvaluated() >= 3);
		assertTrue(search.status().evaluations() < 150, "the member leaves mid-search: " + search.status().evaluations());
		members.get(2).node().close();
		SearchStatus onCluster = finish(search);

		assertSameResults(local, onCluster);
		assertEquals(onCluster.evaluations(), search.doneByMember().values().stream().mapToLong(Long::longValue).sum(),
				"no evaluation counted twice: " + search.doneByMember());
		assertTrue(onCluster.message().contains(members.get(2).node().address() + ": ")
				&& onCluster.message().endsWith("its points ran elsewhere"), onCluster.message());
	}

	@Test
	void aStopOnAnotherMemberHaltsTheSearchAndItsPointsAndResumeFinishesIt() throws Exception {
		Started started = three();
		List<TestCluster.Member> members = started.members();
		Optimiser optimiser = started.optimiser();
		SearchSpec spec = spec(SearchMethod.GENETIC, 30_000, 150, 4);
		SearchStatus uninterrupted = finish(optimiser.start(spec, new Placement(1, true)));

		SearchHandle search = optimiser.start(spec, new Placement(1, true));
		await(() -> search.status().evaluations() >= 30 && members.get(1).node().rangesRunning() > 0);
		members.get(1).stop().requestStop(StopRequest.of("test", "console")).get(10, TimeUnit.SECONDS);
		SearchStatus halted = search.completion().get(5, TimeUnit.SECONDS);

		assertEquals(SearchState.STOPPED, halted.state(), halted.message());
		assertEquals(0, members.get(1).node().rangesRunning() + members.get(2).node().rangesRunning(),
				"no point of the search runs on another member once the stop has reported");
		int kept = halted.evaluations();
		assertTrue(kept >= 30 && kept < 150, "partial: " + kept);
		assertEquals(Files.readAllLines(uninterrupted.resultsFile()).subList(0, kept + 1),
				Files.readAllLines(halted.resultsFile()), "the evaluations recorded before the stop, in order");

		members.get(1).stop().reset();
		members.get(1).node().resetOthers();
		await(() -> members.stream().noneMatch(m -> m.stop().isRaised()));
		SearchStatus resumed = finish(optimiser.resume(search.id(), new Placement(1, true)));
		assertSameResults(uninterrupted, resumed);
	}
}
