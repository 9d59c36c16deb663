package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three headless products as separate processes, each with its own workspace and port, in one
 * cluster on loopback: a sweep spread over them, {@code kill -9} of one member while it runs, an
 * {@code estop} on another member than the sweep's, which halts the sweep and refuses new work on
 * every member until {@code estop:reset} on that other member; the sweep resumed on the cluster
 * ends with the results of a local run of the same grid, each combination once.
 */
class ClusterProductTest {

	private static final Duration COMMAND = Duration.ofSeconds(30);
	/** 24,000 combinations of the sample: seconds of work on each member. */
	private static final String GRID = "backstop:sweep bollinger_zscore bb_period=10:129:1 entry_z=0.5:2.45:0.05 k_sl=1:5:1";

	@TempDir
	Path dir;

	@Test
	void aClusterSweepSurvivesAKilledMemberStopsEverywhereAndResumesToTheLocalResults() throws Exception {
		int base = ThreadLocalRandom.current().nextInt(30_000, 50_000);
		List<RunningProduct> members = new ArrayList<>();
		try {
			for (int m = 0; m < 3; m++) {
				List<String> others = new ArrayList<>();
				for (int o = 0; o < 3; o++) {
					if (o != m) {
						others.add("127.0.0.1:" + (base + o));
					}
				}
				members.add(RunningProduct.startHeadless("cluster-member-" + m,
						Files.createDirectories(dir.resolve("workspace-" + m)), "-Dbackstop.cluster=true",
						"-Dbackstop.cluster.name=product-test", "-Dbackstop.cluster.port=" + (base + m),
						"-Dbackstop.cluster.members=" + String.join(",", others)));
			}
			for (RunningProduct member : members) {
				member.awaitOutput(out -> out.contains(RunningProduct.PROMPT), Duration.ofSeconds(120), "the prompt");
			}
			RunningProduct origin = members.get(0);
			RunningProduct asking = members.get(1);
			RunningProduct killed = members.get(2);
			awaitCommand(origin, "backstop:cluster", out -> out.startsWith("Cluster product-test: 3 members"));
			assertTrue(origin.run("backstop:load", COMMAND).startsWith("Loaded BTCUSDT_5m: 25,920 bars"));

			String started = origin.run(GRID + " --cluster --every 0.2", COMMAND);
			Matcher start = Pattern.compile("Sweep (\\S+) started: bollinger_zscore on BTCUSDT_5m, 24,000 combos on \\d+ "
					+ "workers here and on the other cluster members").matcher(started);
			assertTrue(start.find(), started);
			String id = start.group(1);
			Pattern progress = Pattern.compile("sweep " + Pattern.quote(id) + ": RUNNING ([\\d,]+) of 24,000 combos");
			awaitDone(origin, progress, 1);
			awaitCommand(killed, "backstop:cluster", out -> out.contains("of other members' sweeps"));
			ProcessHandle.of(killed.pid()).orElseThrow().destroyForcibly();
			long atKill = lastDone(origin.output(), progress);
			awaitDone(origin, progress, atKill + 500);
			Pattern shares = Pattern.compile("sweep " + Pattern.quote(id) + ": RUNNING [^\n]* · 127\\.0\\.0\\.1:" + base
					+ " [\\d,]+ · 127\\.0\\.0\\.1:" + (base + 1) + " [\\d,]+ · 127\\.0\\.0\\.1:" + (base + 2) + " [\\d,]+\\r?\\n");
			assertTrue(shares.matcher(origin.output()).find(), "progress lines show what each member computed, this one first");

			String report = asking.run("estop", COMMAND);
			List<String> clusterRow = ConsoleTables.rows(report, "order", "step", "status", "duration", "released", "detail")
					.stream().filter(row -> row.get(1).equals("cluster.report")).findFirst().orElseThrow();
			assertTrue(clusterRow.get(5).startsWith("1 of 1 other member(s) stopped")
					|| clusterRow.get(5).startsWith("1 of 2 other member(s) stopped; no answer before the deadline from 127.0.0.1:" + (base + 2)),
					report);
			assertTrue(report.contains("cluster members:\n  127.0.0.1:" + base + ": "), report);
			Pattern stopped = Pattern.compile("sweep " + Pattern.quote(id) + ": STOPPED ([\\d,]+) of 24,000 combos");
			origin.awaitOutput(out -> stopped.matcher(out).find(), COMMAND, "the sweep's STOPPED line");
			assertTrue(origin.run("estop:status", COMMAND).startsWith("signal: RAISED"), "new work refused on the sweep's member");
			String refused = origin.run(GRID + " --wait", COMMAND);
			assertTrue(refused.contains("refused: the emergency stop is active"), refused);

			assertEquals("Stop signal lowered: new work is accepted\n", asking.run("estop:reset", COMMAND));
			awaitCommand(origin, "estop:status", out -> out.startsWith("signal: lowered"));

			String resumed = origin.run("backstop:resume " + id + " --cluster --every 5 --wait", Duration.ofSeconds(120));
			Matcher completed = Pattern.compile("(?m)sweep " + Pattern.quote(id)
					+ ": COMPLETED 24,000 of 24,000 combos.*; results: (.+results\\.csv)$").matcher(resumed);
			assertTrue(completed.find(), resumed);
			String local = origin.run(GRID + " --every 5 --wait", Duration.ofSeconds(120));
			Matcher localEnd = Pattern.compile("(?m)COMPLETED 24,000 of 24,000 combos.*; results: (.+results\\.csv)$")
					.matcher(local);
			assertTrue(localEnd.find(), local);
			assertEquals(rows(Path.of(localEnd.group(1))), rows(Path.of(completed.group(1))),
					"the cluster's results, each combination once, equal the local run's");
		} finally {
			for (RunningProduct member : members) {
				member.close();
			}
		}
	}

	/** Runs a command until what it prints satisfies {@code condition} (for 60 s). */
	private static void awaitCommand(RunningProduct product, String command,
			java.util.function.Predicate<String> condition) throws Exception {
		long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		String out = "";
		while (System.nanoTime() < until) {
			out = product.run(command, COMMAND);
			if (condition.test(out)) {
				return;
			}
			Thread.sleep(200);
		}
		throw new AssertionError(command + " never printed what was awaited; last:\n" + out);
	}

	private static void awaitDone(RunningProduct product, Pattern progress, long atLeast) throws Exception {
		product.awaitOutput(out -> lastDone(out, progress) >= atLeast, Duration.ofSeconds(60),
				"progress to " + atLeast + " combinations");
	}

	private static long lastDone(String output, Pattern progress) {
		Matcher m = progress.matcher(output);
		long done = -1;
		while (m.find()) {
			done = Long.parseLong(m.group(1).replace(",", ""));
		}
		return done;
	}

	/** Rows by index; fails on an index written twice. */
	private static Map<Long, String> rows(Path csv) throws Exception {
		List<String> lines = Files.readAllLines(csv);
		Map<Long, String> byIndex = new HashMap<>();
		for (String line : lines.subList(1, lines.size())) {
			long index = Long.parseLong(line.substring(0, line.indexOf(',')));
			assertEquals(null, byIndex.put(index, line), "index " + index + " twice in " + csv);
		}
		return byIndex;
	}
}
