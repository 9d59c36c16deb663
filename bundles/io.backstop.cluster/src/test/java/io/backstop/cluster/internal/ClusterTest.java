package io.backstop.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.backstop.cluster.ClusterMember;
import io.backstop.sweep.SweepEvents;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/** Three members in one JVM on loopback, each with a sweep engine of its own. */
class ClusterTest {

	@RegisterExtension
	final TestCluster cluster = new TestCluster();

	@Test
	void threeMembersShareASweepWhoseResultsEqualALocalRun() throws Exception {
		List<TestCluster.Member> members = cluster.three("test");
		TestCluster.Member first = members.get(0);
		List<ClusterMember> listed = first.node().members(2000);
		assertEquals(3, listed.size(), "every member sees the others");
		assertTrue(listed.get(0).local() && listed.stream().allMatch(ClusterMember::answered), listed.toString());

		SweepSpec spec = TestCluster.referenceGrid(40_000, 1);
		int processors = Runtime.getRuntime().availableProcessors();
		int sharedThreads = first.node().others().stream().mapToInt(m -> first.node().threadsFor(m, spec)).sum();
		assertTrue(spec.effectiveWorkers() + sharedThreads <= Math.max(processors, spec.effectiveWorkers() + 2),
				"members on this host share its " + processors + " processors: the sweep's own " + spec.effectiveWorkers()
						+ " worker(s) and " + sharedThreads + " thread(s) on the other two members");
		SweepStatus local = first.engine().start(spec).completion().get(60, TimeUnit.SECONDS);
		assertEquals(Map.of(), first.engine().list().get(0).doneByMember(), "a local sweep names no member");
		SweepHandle handle = first.engine().startDistributed(spec);
		SweepStatus distributed = handle.completion().get(60, TimeUnit.SECONDS);

		assertEquals(SweepState.COMPLETED, distributed.state(), distributed.message());
		assertEquals(ResultRows.byIndex(local.resultsFile()), ResultRows.byIndex(distributed.resultsFile()));
		assertEquals(local.topK(), distributed.topK());
		assertTrue(members.get(1).node().rangesEvaluated() > 0 && members.get(2).node().rangesEvaluated() > 0,
				"both other members evaluated ranges: " + distributed.message());

		Map<String, Long> byMember = handle.doneByMember();
		assertEquals(members.stream().map(m -> m.node().address()).sorted().toList(), List.copyOf(byMember.keySet()),
				"the starting member first, then the others");
		assertTrue(byMember.values().stream().allMatch(done -> done > 0), byMember.toString());
		assertEquals(distributed.combosTotal(), byMember.values().stream().mapToLong(Long::longValue).sum(),
				"every combination counted once, where it ran: " + byMember);
		// the local sweep's end was posted before: wait for the distributed one's, posted from the monitor thread
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (!finishedEventOf(first, handle.id()) && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		Map<String, Object> finished = first.events().last(SweepEvents.FINISHED);
		assertEquals(handle.id(), finished.get(SweepEvents.SWEEP_ID));
		assertEquals(byMember, finished.get(SweepEvents.DONE_BY_MEMBER));
	}

	private static boolean finishedEventOf(TestCluster.Member member, String sweepId) {
		Map<String, Object> last = member.events().last(SweepEvents.FINISHED);
		return last != null && sweepId.equals(last.get(SweepEvents.SWEEP_ID));
	}

	@Test
	void aMemberThatDiesMidSweepLosesNoCombination() throws Exception {
		List<TestCluster.Member> members = cluster.three("test");
		SweepSpec spec = TestCluster.referenceGrid(40_000, 1);
		SweepStatus local = members.get(0).engine().start(spec).completion().get(120, TimeUnit.SECONDS);

		SweepHandle handle = members.get(0).engine().startDistributed(spec);
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (members.get(2).node().rangesRunning() == 0 && System.nanoTime() < until) {
			Thread.sleep(1);
		}
		members.get(2).node().close();
		SweepStatus distributed = handle.completion().get(120, TimeUnit.SECONDS);

		assertEquals(SweepState.COMPLETED, distributed.state(), distributed.message());
		assertTrue(distributed.message().contains("remote worker(s) failed and their ranges ran here"),
				distributed.message());
		assertEquals(ResultRows.byIndex(local.resultsFile()), ResultRows.byIndex(distributed.resultsFile()),
				"every combination once, with the same figures");
	}

	@Test
	void aMemberJoiningMidSweepTakesRanges() throws Exception {
		int port = ThreadLocalRandom.current().nextInt(20_000, 50_000);
		TestCluster.Member first = cluster.member("join", port, List.of(port + 1, port + 2), 4000, Map.of());
		TestCluster.Member second = cluster.member("join", port + 1, List.of(port, port + 2), 4000, Map.of());
		SweepSpec spec = TestCluster.largeGrid();
		SweepStatus local = first.engine().start(spec).completion().get(300, TimeUnit.SECONDS);

		SweepHandle handle = first.engine().startDistributed(spec);
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (second.node().rangesEvaluated() == 0 && System.nanoTime() < until) {
			Thread.sleep(1);
		}
		TestCluster.Member third = cluster.member("join", port + 2, List.of(port, port + 1), 4000, Map.of());
		assertEquals(SweepState.RUNNING, handle.status().state(), "the sweep runs when the third member has joined");
		SweepStatus distributed = handle.completion().get(300, TimeUnit.SECONDS);

		assertEquals(SweepState.COMPLETED, distributed.state(), distributed.message());
		assertTrue(third.node().rangesEvaluated() > 0, "the member that joined mid-sweep evaluated ranges");
		assertEquals(ResultRows.byIndex(local.resultsFile()), ResultRows.byIndex(distributed.resultsFile()),
				"every combination once, with the same figures");
		assertEquals(local.topK(), distributed.topK());
	}

	@Test
	void aMemberOfAnotherClusterNameIsRefusedInOneLine() throws Exception {
		int port = ThreadLocalRandom.current().nextInt(40_000, 50_000);
		cluster.member("alpha", port, List.of(), 4000, Map.of());
		TestCluster.Member other = cluster.member("beta", port + 1, List.of(port), 4000, Map.of());

		assertEquals(1, other.node().members(1000).size());
		assertEquals(List.of("127.0.0.1:" + port + " did not join: it runs another cluster name or an incompatible "
				+ "Backstop version (this member: cluster \"beta\", cluster protocol " + ClusterNode.PROTOCOL_VERSION + ")"), other.node().problems());
	}

	@Test
	void aNonLoopbackInterfaceIsRefusedUnlessAllowed() {
		IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
				() -> new ClusterSettings(true, "backstop", 5701, List.of(), "0.0.0.0", false, 1, 10));
		assertEquals("bind.interface 0.0.0.0 is not loopback: the open edition has no TLS or authentication; "
				+ "set allow.non.loopback to bind it anyway", refused.getMessage());
		new ClusterSettings(true, "backstop", 5701, List.of(), "0.0.0.0", true, 1, 10);
		assertThrows(IllegalArgumentException.class,
				() -> new ClusterSettings(true, "backstop", 5701, List.of("host:port"), "127.0.0.1", false, 1, 10));
	}
}
