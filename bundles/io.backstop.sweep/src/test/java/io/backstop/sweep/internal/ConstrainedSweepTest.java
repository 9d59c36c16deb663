package io.backstop.sweep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepResult;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * A sweep of a strategy with constraints counts and runs only the combinations they admit, refuses
 * ranges of which none is, refuses to continue a checkpoint numbered otherwise, and keeps one top-K
 * row per distinct outcome.
 */
class ConstrainedSweepTest {

	private static final OhlcvSeries SERIES = SyntheticSeries.generate(5, 3_000);

	@TempDir
	Path dir;
	private SweepEngine engine;

	@BeforeEach
	void setUp() {
		engine = Fixtures.engine(dir, new Fixtures.TestSignal());
	}

	@AfterEach
	void tearDown() {
		engine.close();
	}

	/** stop_loss_pct first, so the numbering (constrained parameters slowest) differs from the ranges' order. */
	private static SweepSpec smaSweep(int topK) {
		return SweepSpec.builder("sma_crossover", SERIES).values("stop_loss_pct", 0, 40, 50).range("fast_period", 5, 50, 5)
				.range("slow_period", 20, 60, 10).topK(topK).workers(2).build();
	}

	@Test
	void onlyTheAdmittedCombinationsAreCountedAndRunEachOnce() throws Exception {
		SweepSpec spec = smaSweep(5);
		Set<List<Double>> admitted = new HashSet<>();
		for (double stop : new double[] { 0, 40, 50 }) {
			for (int fast = 5; fast <= 50; fast += 5) {
				for (int slow = 20; slow <= 60; slow += 10) {
					if (fast < slow) {
						admitted.add(List.of((double) fast, (double) slow, stop));
					}
				}
			}
		}
		assertEquals(150, spec.totalCombos(), "the ranges make 150 before the constraint");

		SweepStatus status = engine.start(spec).completion().get(60, TimeUnit.SECONDS);

		assertEquals(SweepState.COMPLETED, status.state(), status.message());
		assertEquals(admitted.size(), status.combosTotal(), "counted: the admitted ones only");
		assertEquals(admitted.size(), status.combosDone());
		assertEquals("", status.message(), "no combination was refused while running");
		Map<Long, String> rows = Fixtures.rows(status.resultsFile());
		List<String> header = Fixtures.header(status.resultsFile());
		Set<List<Double>> ran = new HashSet<>();
		for (String row : rows.values()) {
			String[] f = row.split(",", -1);
			ran.add(List.of(Double.parseDouble(f[header.indexOf("fast_period")]),
					Double.parseDouble(f[header.indexOf("slow_period")]), Double.parseDouble(f[header.indexOf("stop_loss_pct")])));
			assertTrue(!f[header.indexOf(SweepMetrics.FINAL_EQUITY)].isEmpty(), "every row has figures: " + row);
		}
		assertEquals(admitted, ran, "the rows are the brute-force filter of the ranges, each once");
		assertEquals(admitted.size(), rows.size());
		assertTrue(rows.keySet().stream().allMatch(i -> i >= 0 && i < admitted.size()), "indexes 0 .. N-1");
	}

	@Test
	void rangesOfWhichNoCombinationIsAdmittedAreRefusedInOneLine() {
		SweepSpec none = SweepSpec.builder("sma_crossover", SERIES).range("fast_period", 30, 40, 5)
				.range("slow_period", 20, 30, 5).build();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> engine.start(none));
		assertEquals("none of the 9 combinations keeps sma_crossover's constraint fast_period < slow_period", e.getMessage());
	}

	@Test
	void aCheckpointNumberedBeforeTheConstraintsIsRefusedInOneLine() throws Exception {
		SweepStatus done = engine.start(smaSweep(5)).completion().get(60, TimeUnit.SECONDS);
		Path checkpoint = done.checkpointFile();
		writeWithout(checkpoint, "index", "RUNNING");
		IllegalStateException before = assertThrows(IllegalStateException.class,
				() -> engine.resume(checkpoint.getParent(), SERIES));
		assertEquals("sweep " + done.id() + " was saved before sma_crossover's constraints (fast_period < slow_period) "
				+ "were applied to its 150 combinations, which now number " + done.combosTotal()
				+ "; it cannot be continued: start the sweep again", before.getMessage());

		Files.writeString(checkpoint, Files.readString(checkpoint) + "index=admitted\nindex.constraints=\n");
		IllegalStateException changed = assertThrows(IllegalStateException.class,
				() -> engine.resume(checkpoint.getParent(), SERIES));
		assertEquals("sweep " + done.id() + " numbered its combinations by sma_crossover's constraints \"\", which are now "
				+ "\"fast_period < slow_period\"; it cannot be continued: start the sweep again", changed.getMessage());
	}

	@Test
	void aCheckpointOfAStrategyWithoutConstraintsWrittenBeforeThemResumesToTheUninterruptedResult() throws Exception {
		SweepStatus full = engine.start(Fixtures.referenceGrid(SERIES, 2)).completion().get(60, TimeUnit.SECONDS);
		Path sweepDir = full.resultsFile().getParent();
		List<String> lines = Files.readAllLines(full.resultsFile());
		Files.write(full.resultsFile(), lines.subList(0, 101));
		writeWithout(full.checkpointFile(), "index", "STOPPED");
		assertTrue(Files.readString(full.checkpointFile()).lines().noneMatch(l -> l.startsWith("index")));

		SweepStatus resumed = engine.resume(sweepDir, SERIES).completion().get(60, TimeUnit.SECONDS);

		assertEquals(SweepState.COMPLETED, resumed.state(), resumed.message());
		assertEquals(270, resumed.combosTotal());
		assertEquals(Fixtures.rows(Path.of(full.resultsFile().toString())).size(), 270);
		assertEquals(full.topK(), resumed.topK(), "the same top-K as the uninterrupted sweep");
		assertTrue(Files.readString(full.checkpointFile()).contains("index=admitted"), "the new checkpoint says its form");
	}

	@Test
	void theTopKKeepsOneRowPerDistinctOutcomeWithHowManyCombinationsGaveIt() throws Exception {
		SweepStatus status = engine.start(smaSweep(8)).completion().get(60, TimeUnit.SECONDS);
		List<String> header = Fixtures.header(status.resultsFile());
		int firstMetric = header.indexOf(SweepMetrics.FIGURES.get(0));
		int sharpe = header.indexOf(SweepMetrics.SHARPE);
		// brute force: group the results file's rows by their figures
		Map<List<String>, List<Long>> byOutcome = new LinkedHashMap<>();
		for (Map.Entry<Long, String> row : Fixtures.rows(status.resultsFile()).entrySet()) {
			String[] f = row.getValue().split(",", -1);
			List<String> figures = List.of(f).subList(firstMetric, firstMetric + SweepMetrics.FIGURES.size());
			byOutcome.computeIfAbsent(figures, k -> new ArrayList<>()).add(row.getKey());
		}
		List<List<String>> best = new ArrayList<>(byOutcome.keySet());
		best.sort(Comparator.comparingDouble((List<String> f) -> -Double.parseDouble(f.get(sharpe - firstMetric))));

		List<SweepResult> top = status.topK();
		assertEquals(8, top.size());
		assertEquals(top.size(), top.stream().map(SweepResult::metrics).distinct().count(), "no outcome twice");
		assertTrue(top.stream().anyMatch(r -> r.sameOutcome() > 1), "stops never reached repeat an outcome: " + top);
		for (int k = 0; k < top.size(); k++) {
			SweepResult r = top.get(k);
			List<Long> sharing = byOutcome.entrySet().stream()
					.filter(e -> Double.parseDouble(e.getKey().get(sharpe - firstMetric)) == r.objective()
							&& Double.parseDouble(e.getKey().get(0)) == r.metric(SweepMetrics.TOTAL_PNL))
					.findFirst().orElseThrow().getValue();
			assertEquals(sharing.size(), r.sameOutcome(), "#" + k + " counts every combination of its outcome");
			assertEquals(sharing.stream().mapToLong(Long::longValue).min().orElseThrow(), r.index(), "shown by the first");
			assertEquals(Double.parseDouble(best.get(k).get(sharpe - firstMetric)), r.objective(), "the k-th best outcome");
		}
	}

	/** Rewrites a checkpoint without the properties starting with {@code prefix}, in the given state. */
	private static void writeWithout(Path checkpoint, String prefix, String state) throws Exception {
		List<String> kept = new ArrayList<>();
		for (String line : Files.readAllLines(checkpoint)) {
			if (line.startsWith(prefix)) {
				continue;
			}
			kept.add(line.startsWith("state=") ? "state=" + state : line);
		}
		Files.write(checkpoint, kept);
	}
}
