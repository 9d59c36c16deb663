package io.backstop.cluster.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.backstop.cluster.Cluster;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;
import io.backstop.sweep.internal.SweepRuns;

/**
 * Cluster benchmarks with three members in one JVM on loopback, outside the test run ({@code bench.sh}):
 * <ol>
 * <li>{@code stops}: a distributed sweep of about 10,000 combinations runs on all three members; a stop asked on the second one;
 * latency from the request to the last worker halted on every member (on the first member the exit
 * of the sweep's last worker; on the others the end of the last worker of their range), over N stops
 * (default 50); the same until every range call had returned its rows and the sweep's feeders had
 * ended; and until the sweep's results and checkpoint were saved. The
 * five slowest are broken down by member: when the stop was asked there, when its work was blocked,
 * when its {@code cluster.stop} step began and what it said, when its workers or ranges ended.</li>
 * <li>{@code throughput} (7 rounds, the local run first in every other one): a grid of about 10,000 combinations on one member alone (all its workers) against the
 * same grid spread over the three members; the members share this machine's processors, so the ratio
 * per CPU-second of the JVM measures the coordination overhead, not a speed-up.</li>
 * <li>{@code failover} (5 rounds): a sweep of about 10,000 combinations on three fresh members; one
 * member's engine is terminated without leaving (its sockets close, as the system closes a killed
 * process's); time until the sweep's member no longer counts it a member, which is when its range in
 * flight goes back to the local workers (its feeder polls membership every 2 ms).</li>
 * <li>{@code frozen} (3 rounds): the same for a member in a JVM of its own that is suspended (SIGSTOP)
 * with its sockets open, as a machine that hangs: its silence is the only sign.</li>
 * </ol>
 */
public final class ClusterBenchmark {

	private static final int THROUGHPUT_ROUNDS = 7;

	private ClusterBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Logger.getLogger("com.hazelcast").setLevel(Level.WARNING);
		List<String> parts = new ArrayList<>();
		int stops = 50;
		int bars = 125_000;
		for (String a : args) {
			if (a.startsWith("stops=")) {
				stops = Integer.parseInt(a.substring(6));
			} else if (a.startsWith("bars=")) {
				bars = Integer.parseInt(a.substring(5));
			} else {
				parts.add(a);
			}
		}
		if (parts.isEmpty()) {
			parts = List.of("throughput", "stops", "failover");
		}
		System.out.printf(Locale.ROOT, "processors: %d, series: %,d bars, three members in this JVM%n",
				Runtime.getRuntime().availableProcessors(), bars);
		if (parts.contains("failover")) {
			failover(5);
		}
		if (parts.contains("frozen")) {
			frozen(3);
		}
		if (!parts.contains("throughput") && !parts.contains("stops")) {
			return;
		}
		try (TestCluster cluster = new TestCluster()) {
			List<TestCluster.Member> members = cluster.three("bench");
			if (parts.contains("throughput")) {
				throughput(members, bars);
			}
			if (parts.contains("stops")) {
				stops(members, stops, bars);
			}
		}
	}

	private static void throughput(List<TestCluster.Member> members, int bars) throws Exception {
		SweepSpec spec = longGrid(bars);
		TestCluster.Member first = members.get(0);
		// unmeasured: compiled code and grown heaps on every member, as in the rounds that follow
		for (int warmUp = 0; warmUp < 4; warmUp++) {
			rate(first.engine().start(spec));
			rate(first.engine().startDistributed(spec));
		}
		List<Double> ratios = new ArrayList<>();
		List<Double> cpuRatios = new ArrayList<>();
		for (int round = 0; round < THROUGHPUT_ROUNDS; round++) {
			// in turn first and second, so that neither always runs on a warmer or quieter machine
			boolean localFirst = round % 2 == 0;
			double[] local = localFirst ? rate(first.engine().start(spec)) : null;
			double[] distributed = rate(first.engine().startDistributed(spec));
			if (!localFirst) {
				local = rate(first.engine().start(spec));
			}
			ratios.add(distributed[0] / local[0]);
			cpuRatios.add(distributed[1] / local[1]);
			System.out.printf(Locale.ROOT,
					"round %d: local %,.0f combos/s (%,.0f per CPU-second), cluster %,.0f combos/s (%,.0f per CPU-second)%n",
					round + 1, local[0], local[1], distributed[0], distributed[1]);
		}
		Collections.sort(ratios);
		Collections.sort(cpuRatios);
		int median = THROUGHPUT_ROUNDS / 2;
		System.out.printf(Locale.ROOT, "throughput cluster/local, median of %d: %.3f in wall clock, %.3f per CPU-second "
				+ "(overhead %.1f %%; rounds %.3f to %.3f)%n", THROUGHPUT_ROUNDS, ratios.get(median), cpuRatios.get(median),
				(1 - cpuRatios.get(median)) * 100, cpuRatios.get(0), cpuRatios.get(THROUGHPUT_ROUNDS - 1));
	}

	private static void failover(int rounds) throws Exception {
		List<Double> detections = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			try (TestCluster cluster = new TestCluster()) {
				List<TestCluster.Member> members = cluster.three("failover-" + round);
				ClusterNode origin = members.get(0).node();
				ClusterNode dying = members.get(2).node();
				com.hazelcast.cluster.Member dyingMember = origin.others().stream()
						.filter(m -> ClusterNode.addressOf(m).equals(dying.address())).findFirst().orElseThrow();
				SweepHandle sweep = members.get(0).engine().startDistributed(TestCluster.largeGrid());
				long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (dying.rangesRunning() == 0 && System.nanoTime() < until) {
					Thread.sleep(1);
				}
				long killed = System.nanoTime();
				dying.close();
				detections.add(untilReplaced(origin, dyingMember, killed, sweep, "failover " + (round + 1)));
			}
		}
		Collections.sort(detections);
		System.out.printf(Locale.ROOT, "%d failovers, member gone to its range running elsewhere: median %.2f s, max %.2f s%n",
				rounds, detections.get(rounds / 2), detections.get(rounds - 1));
	}

	/**
	 * A member that stops answering with its sockets open, as a machine that hangs or drops off the
	 * network does: two members here, the third in a JVM of its own, suspended (SIGSTOP) while it
	 * runs a range; the time until the sweep's member no longer counts it a member and its range runs
	 * elsewhere.
	 */
	private static void frozen(int rounds) throws Exception {
		List<Double> detections = new ArrayList<>();
		String javaCommand = ProcessHandle.current().info().command().orElse("java");
		String classPath = System.getProperty("java.class.path");
		for (int round = 0; round < rounds; round++) {
			int base = ThreadLocalRandom.current().nextInt(20_000, 50_000);
			String name = "frozen-" + round;
			Process child = new ProcessBuilder(javaCommand, "-cp", classPath, MemberProcess.class.getName(), name,
					Integer.toString(base + 2), Integer.toString(base), Integer.toString(base + 1)).redirectErrorStream(true)
					.start();
			try (TestCluster cluster = new TestCluster();
					BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
				TestCluster.Member origin = cluster.member(name, base, List.of(base + 1, base + 2), 4000, Map.of());
				cluster.member(name, base + 1, List.of(base, base + 2), 4000, Map.of());
				for (String line = out.readLine(); line != null && !line.equals("joined"); line = out.readLine()) {
					// the child's engine logs until it has joined
				}
				ClusterNode node = origin.node();
				com.hazelcast.cluster.Member third = node.others().stream()
						.filter(m -> m.getAddress().getPort() == base + 2).findFirst().orElseThrow();
				SweepHandle sweep = origin.engine().startDistributed(TestCluster.largeGrid());
				long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (sweep.doneByMember().getOrDefault(ClusterNode.addressOf(third), 0L) == 0
						&& System.nanoTime() < until) {
					Thread.sleep(1);
				}
				new ProcessBuilder("kill", "-STOP", Long.toString(child.pid())).start().waitFor();
				long frozenAt = System.nanoTime();
				detections.add(untilReplaced(node, third, frozenAt, sweep, "frozen " + (round + 1)));
			} finally {
				new ProcessBuilder("kill", "-CONT", Long.toString(child.pid())).start().waitFor();
				child.destroy();
				if (!child.waitFor(10, TimeUnit.SECONDS)) {
					child.destroyForcibly().waitFor();
				}
			}
		}
		Collections.sort(detections);
		System.out.printf(Locale.ROOT, "%d frozen members, frozen to its range running elsewhere: median %.2f s, max %.2f s%n",
				rounds, detections.get(rounds / 2), detections.get(rounds - 1));
	}

	/**
	 * Seconds from {@code since} until {@code origin} no longer counts {@code gone} a member, when its
	 * range goes back to the local workers; the sweep must then complete with every combination.
	 */
	private static double untilReplaced(ClusterNode origin, com.hazelcast.cluster.Member gone, long since,
			SweepHandle sweep, String round) throws Exception {
		while (origin.isMember(gone)) {
			Thread.sleep(1);
		}
		double seconds = (System.nanoTime() - since) / 1e9;
		SweepStatus status = sweep.completion().get(10, TimeUnit.MINUTES);
		if (status.state() != SweepState.COMPLETED || status.combosDone() != status.combosTotal()) {
			throw new IllegalStateException(round + ": " + status.state() + ", " + status.message());
		}
		System.out.printf(Locale.ROOT, "%s: declared dead after %.2f s; sweep %s, %s%n", round, seconds, status.state(),
				status.message());
		return seconds;
	}

	/** About 10,000 combinations: seconds of work, so every stop lands while the sweep runs. */
	private static SweepSpec longGrid(int bars) {
		return SweepSpec.builder(io.backstop.backtest.StrategyRegistry.BOLLINGER_ZSCORE,
				io.backstop.data.SyntheticSeries.generate(bars, bars)).range("bb_period", 10, 200, 1)
				.range("entry_z", 1.0, 3.0, 0.25).values("k_sl", 0.5, 1, 1.5, 2, 3, 4).topK(10).build();
	}

	/**
	 * Combinations a second in wall clock and per CPU-second of this JVM (every member runs in it,
	 * so the second counts the cluster's coordination and not the share of a machine shared with
	 * other work).
	 */
	private static double[] rate(SweepHandle handle) throws Exception {
		com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
				.getOperatingSystemMXBean();
		long start = System.nanoTime();
		long cpuStart = os.getProcessCpuTime();
		SweepStatus status = handle.completion().get(10, TimeUnit.MINUTES);
		if (status.state() != SweepState.COMPLETED) {
			throw new IllegalStateException(status.message());
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		double cpuSeconds = (os.getProcessCpuTime() - cpuStart) / 1e9;
		return new double[] { status.combosTotal() / seconds, status.combosTotal() / cpuSeconds };
	}

	private static void stops(List<TestCluster.Member> members, int stops, int bars) throws Exception {
		TestCluster.Member origin = members.get(0);
		TestCluster.Member asking = members.get(1);
		TestCluster.Member third = members.get(2);
		List<Double> latencies = new ArrayList<>();
		List<Double> returned = new ArrayList<>();
		List<Double> saved = new ArrayList<>();
		List<String> hops = new ArrayList<>();
		for (int i = 0; i < stops; i++) {
			SweepHandle sweep = origin.engine().startDistributed(longGrid(bars));
			long[] originEnded = new long[1];
			sweep.completion().thenRun(() -> originEnded[0] = System.nanoTime());
			long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while ((asking.node().rangesRunning() == 0 || third.node().rangesRunning() == 0
					|| sweep.status().combosDone() == 0) && System.nanoTime() < until) {
				Thread.sleep(1);
			}
			long asked = System.nanoTime();
			Instant askedAt = Instant.now();
			StopReport report = asking.stop().requestStop(StopRequest.of("benchmark", "console")).get(30,
					TimeUnit.SECONDS);
			SweepStatus halted = sweep.completion().get(30, TimeUnit.SECONDS);
			long othersHalted = Math.max(SweepRuns.lastRangeWorkerEndNanos(asking.engine()),
					SweepRuns.lastRangeWorkerEndNanos(third.engine()));
			long originHalted = SweepRuns.lastComputingExitNanos(sweep);
			double latency = Math.max(0, Math.max(originHalted, othersHalted) - asked) / 1e6;
			latencies.add(latency);
			long othersReturned = Math.max(asking.node().lastRangeEndNanos(), third.node().lastRangeEndNanos());
			returned.add(Math.max(0, Math.max(SweepRuns.lastWorkerExitNanos(sweep), othersReturned) - asked) / 1e6);
			hops.add(String.format(Locale.ROOT,
					"%8.1f ms: asking %s, its range workers %s; origin %s, its workers %.1f (feeders %.1f); third %s, its range workers %s",
					latency, hop(askedAt, report), since(SweepRuns.lastRangeWorkerEndNanos(asking.engine()), asked),
					hop(askedAt, origin.stop().lastReport().orElse(null)), (originHalted - asked) / 1e6,
					(SweepRuns.lastWorkerExitNanos(sweep) - asked) / 1e6, hop(askedAt, third.stop().lastReport().orElse(null)),
					since(SweepRuns.lastRangeWorkerEndNanos(third.engine()), asked)));
			saved.add(Math.max(0, Math.max(originEnded[0], othersReturned) - asked) / 1e6);
			if (report.steps().isEmpty() || halted.state() != SweepState.STOPPED) {
				throw new IllegalStateException("stop " + (i + 1) + ": sweep " + halted.state() + ", " + halted.message());
			}
			origin.stop().reset();
			origin.node().resetOthers();
			until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (members.stream().anyMatch(m -> m.stop().isRaised()) && System.nanoTime() < until) {
				Thread.sleep(1);
			}
		}
		System.out.printf(Locale.ROOT, "%d cluster stops, request to last worker halted on every member: %s%n", stops,
				percentiles(latencies));
		System.out.printf(Locale.ROOT, "  the same until every member's range call returned its rows and the sweep's feeders ended: %s%n",
				percentiles(returned));
		System.out.printf(Locale.ROOT, "  the same until the sweep's results and checkpoint were saved on its member: %s%n",
				percentiles(saved));
		hops.sort(Comparator.reverseOrder());
		System.out.println("  the slowest, by member (ms after the request: stop asked there/its work blocked/its cluster step began+lasted):");
		hops.stream().limit(5).forEach(line -> System.out.println("  " + line));
	}

	/** Milliseconds from {@code from} to {@code nanos}, or "-" when it is before (nothing ended since). */
	private static String since(long nanos, long from) {
		return nanos < from ? "-" : String.format(Locale.ROOT, "%.1f", (nanos - from) / 1e6);
	}

	/** When a member's stop was asked, blocked its work and began its cluster step, in ms after the request. */
	private static String hop(Instant askedAt, StopReport report) {
		if (report == null) {
			return "no report";
		}
		String clusterStep = report.steps().stream().filter(s -> s.id().equals(Cluster.STOP_STEP_ID))
				.findFirst().map(s -> String.format(Locale.ROOT, "%.1f+%d (%s)", millis(askedAt, s.started()),
						s.durationMillis(), s.detail()))
				.orElse("-");
		return String.format(Locale.ROOT, "%.1f/%.1f/%s", millis(askedAt, report.timestamp()),
				report.workBlockedAt() == null ? Double.NaN : millis(askedAt, report.workBlockedAt()), clusterStep);
	}

	private static double millis(Instant from, Instant to) {
		return Duration.between(from, to).toNanos() / 1e6;
	}

	private static String percentiles(List<Double> millis) {
		List<Double> sorted = new ArrayList<>(millis);
		Collections.sort(sorted);
		int n = sorted.size();
		return String.format(Locale.ROOT, "median %.1f ms, p99 %.1f ms, max %.1f ms", sorted.get(n / 2),
				sorted.get(Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)), sorted.get(n - 1));
	}
}
