package io.backstop.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.backstop.cluster.Cluster;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.WorkRefusedException;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/** The cluster-wide emergency stop with three members in one JVM, each with its own real coordinator. */
class ClusterStopTest {

	@RegisterExtension
	final TestCluster cluster = new TestCluster();

	@Test
	void aStopOnAnyMemberHaltsTheSweepEverywhereAndTheResumedSweepEqualsALocalRun() throws Exception {
		List<TestCluster.Member> members = cluster.three("stop-test");
		TestCluster.Member origin = members.get(0);
		TestCluster.Member asking = members.get(1);
		TestCluster.Member third = members.get(2);
		SweepStatus local = origin.engine().start(TestCluster.referenceGrid(40_000, 1)).completion().get(120, TimeUnit.SECONDS);

		SweepHandle sweep = origin.engine().startDistributed(TestCluster.referenceGrid(40_000, 1));
		long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while ((asking.node().rangesRunning() == 0 || third.node().rangesRunning() == 0)
				&& System.nanoTime() < until) {
			Thread.sleep(1);
		}
		StopReport report = asking.stop().requestStop(StopRequest.of("test", "console")).get(10, TimeUnit.SECONDS);
		SweepStatus halted = sweep.completion().get(10, TimeUnit.SECONDS);

		assertEquals(SweepState.STOPPED, halted.state(), halted.message());
		assertTrue(halted.combosDone() < 270, "halted part way: " + halted.combosDone());
		StepReport stopStep = step(report, Cluster.STOP_STEP_ID);
		assertEquals(StepStatus.CLEANED, stopStep.status(), stopStep.detail());
		assertTrue(stopStep.detail().startsWith("asked 2 other member(s) to stop: "), stopStep.detail());
		StepReport clusterStep = step(report, Cluster.REPORT_STEP_ID);
		assertEquals(StepStatus.CLEANED, clusterStep.status(), clusterStep.detail());
		assertEquals("2 of 2 other member(s) stopped", clusterStep.detail());
		List<String> lines = clusterStep.result().componentsCleaned();
		assertEquals(2, lines.size(), lines.toString());
		assertTrue(lines.stream().anyMatch(l -> l.startsWith(origin.node().address() + ": ")
				&& l.contains("sweep.halt CLEANED") && l.contains("RAM freed")), lines.toString());
		assertTrue(lines.stream().anyMatch(l -> l.startsWith(third.node().address() + ": ")), lines.toString());
		StopReport originReport = origin.stop().lastReport().orElseThrow();
		assertEquals("cluster member " + asking.node().address(), originReport.request().requestedBy());
		assertEquals("emergency stop on " + asking.node().address(), originReport.request().reason(),
				"asked as the asking member's signal rose, before its steps");
		StepReport passedOn = step(originReport, Cluster.STOP_STEP_ID);
		assertFalse(passedOn.detail().startsWith("asked"), "a stop another member asked is not passed on: " + passedOn.detail());

		for (TestCluster.Member m : members) {
			assertTrue(m.stop().isRaised(), m.node().address() + " refuses new work");
		}
		assertThrows(WorkRefusedException.class, () -> third.engine().start(TestCluster.referenceGrid(40_000, 1)));

		origin.stop().reset();
		origin.node().resetOthers();
		until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (members.stream().anyMatch(m -> m.stop().isRaised()) && System.nanoTime() < until) {
			Thread.sleep(5);
		}
		for (TestCluster.Member m : members) {
			assertFalse(m.stop().isRaised(), m.node().address() + " takes work again after a reset on another member");
		}

		SweepStatus resumed = origin.engine().resumeDistributed(sweep.id()).completion().get(120, TimeUnit.SECONDS);
		assertEquals(SweepState.COMPLETED, resumed.state(), resumed.message());
		assertEquals(ResultRows.byIndex(local.resultsFile()), ResultRows.byIndex(resumed.resultsFile()), "each combination once, as a local run");
		assertEquals(local.topK(), resumed.topK());
	}

	@Test
	void aMemberThatDoesNotAnswerBeforeTheDeadlineIsNamed() throws Exception {
		int port = ThreadLocalRandom.current().nextInt(40_000, 50_000);
		TestCluster.Member asking = cluster.member("stop-test", port, List.of(port + 1), 800, Map.of());
		Stoppable slow = new Stoppable() {
			@Override
			public String id() {
				return "slow";
			}

			@Override
			public String label() {
				return "A step slower than the other member waits";
			}

			@Override
			public StepResult stop(StopContext context) throws Exception {
				Thread.sleep(2000);
				return StepResult.cleaned("slept", 0, List.of());
			}
		};
		TestCluster.Member slowMember = cluster.member("stop-test", port + 1, List.of(port), 4000,
				Map.of(slow, Map.of(Stoppable.ORDER, 300, Stoppable.TIMEOUT_MS, 3000L)));

		StopReport report = asking.stop().requestStop(StopRequest.of("test", "console")).get(10, TimeUnit.SECONDS);

		StepReport clusterStep = step(report, Cluster.REPORT_STEP_ID);
		assertEquals(StepStatus.PARTIAL, clusterStep.status(), clusterStep + " in " + report);
		assertEquals("0 of 1 other member(s) stopped; no answer before the deadline from "
				+ slowMember.node().address(), clusterStep.detail());
	}

	private static StepReport step(StopReport report, String id) {
		return report.steps().stream().filter(s -> s.id().equals(id)).findFirst()
				.orElseThrow(() -> new AssertionError("no step " + id + " in " + report.steps()));
	}
}
