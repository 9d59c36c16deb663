package io.backstop.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, headless as a script drives it: load the sample, start a sweep, run {@code estop}
 * while it runs, and check from the console's output that every step is listed in order, that
 * the sweep halted (its progress stops, its partial results file is valid CSV holding what it
 * reported done), and that {@code estop:reset} lets a new sweep run to the end; then the halted
 * sweep resumes where it stopped and {@code backstop:cancel} halts it again.
 */
class HeadlessSweepStopTest {

	private static final Duration COMMAND = Duration.ofSeconds(30);

	/** About 265,000 combinations: minutes of work, so the stop surely lands while it runs. */
	private static final String LONG_SWEEP = "backstop:sweep bollinger_zscore bb_period=10:300:1 entry_z=0.5:5:0.05 k_sl=0.5:5:0.5 --every 0.2";
	/** 12 combinations; {@code --wait} returns once its last line is printed. */
	private static final String SHORT_SWEEP = "backstop:sweep bollinger_zscore bb_period=10:20:5 entry_z=1,2 k_sl=1:2:1 --every 0.2 --wait";

	@TempDir
	Path workspace;

	@Test
	void estopHaltsARunningSweepListsEveryStepInOrderAndResetAllowsANewSweep() throws Exception {
		try (RunningProduct product = RunningProduct.startHeadless("headless-sweep-estop", workspace)) {
			product.awaitOutput(out -> out.contains(RunningProduct.PROMPT), Duration.ofSeconds(90), "the console prompt");
			assertTrue(product.run("backstop:load", COMMAND).startsWith("Loaded BTCUSDT_5m: 25,920 bars"));
			List<String> planned = ConsoleTables.rows(product.run("estop:list", COMMAND), "order", "step", "label",
					"bundle", "deadline").stream().map(row -> row.get(1)).toList();
			assertTrue(planned.contains("sweep.halt"), "the sweep engine's step is registered: " + planned);

			// start a long sweep and wait until it has computed something
			String started = product.run(LONG_SWEEP, COMMAND);
			Matcher start = Pattern.compile("Sweep (\\S+) started: bollinger_zscore on BTCUSDT_5m, ([\\d,]+) combos").matcher(started);
			assertTrue(start.find(), started);
			String id = start.group(1);
			long total = number(start.group(2));
			Matcher resultsLine = Pattern.compile("(?m)^results: (.+results\\.csv)$").matcher(started);
			assertTrue(resultsLine.find(), started);
			Path results = Path.of(resultsLine.group(1));
			Pattern progress = Pattern.compile("sweep " + Pattern.quote(id) + ": RUNNING ([\\d,]+) of ([\\d,]+) combos");
			product.awaitOutput(out -> {
				Matcher m = progress.matcher(out);
				while (m.find()) {
					if (number(m.group(1)) > 0) {
						return true;
					}
				}
				return false;
			}, COMMAND, "a progress line with combinations done");

			// the stop, while it runs
			int beforeStop = product.output().length();
			String report = product.run("estop", COMMAND);
			List<List<String>> rows = ConsoleTables.rows(report, "order", "step", "status", "duration", "released",
					"detail");
			assertEquals(planned, rows.stream().map(row -> row.get(1)).toList(), "every step, in order:\n" + report);
			List<String> halt = rows.stream().filter(row -> row.get(1).equals("sweep.halt")).findFirst().orElseThrow();
			assertEquals("CLEANED", halt.get(2), report);
			assertTrue(halt.get(5).startsWith("halted 1 sweep;"), report);
			assertTrue(Pattern.compile("(?m)^Stop complete: new work blocked after [\\d.,]+ ms, last work halted after [\\d.,]+ ms; \\d+ components cleaned, \\d+ skipped, \\d+ errors; RAM freed \\d+ MB( \\(resident \\+\\d+ MB\\))?; VRAM freed -?\\d+ MB(; Ollama VRAM freed \\d+ MB)?$")
					.matcher(report).find(), report);

			// the sweep's last line: STOPPED with part of the grid done
			Pattern stopped = Pattern.compile("sweep " + Pattern.quote(id) + ": STOPPED ([\\d,]+) of ([\\d,]+) combos");
			String afterStop = product.awaitOutput(out -> stopped.matcher(out.substring(beforeStop)).find(), COMMAND,
					"the sweep's STOPPED line").substring(beforeStop);
			Matcher last = stopped.matcher(afterStop);
			assertTrue(last.find());
			long done = number(last.group(1));
			assertEquals(total, number(last.group(2)));
			assertTrue(done > 0 && done < total, done + " of " + total + " done when halted");

			// its progress stops: no RUNNING line after the STOPPED one, and the count stays
			Thread.sleep(1500);
			String tail = product.output().substring(product.output().indexOf(last.group(), beforeStop));
			assertFalse(progress.matcher(tail).find(), "progress after the sweep halted:\n" + tail);
			List<List<String>> jobs = ConsoleTables.rows(product.run("backstop:jobs --all", COMMAND), "id", "kind",
					"strategy", "state", "age", "progress");
			List<String> job = jobs.stream().filter(row -> row.get(0).equals(id)).findFirst().orElseThrow();
			assertEquals("STOPPED", job.get(3));
			assertTrue(job.get(5).startsWith(last.group(1) + " of " + last.group(2) + " combos"), job.toString());

			// the partial results: a CSV file with a header and one well-formed line per combination done
			assertValidResults(results, done);

			// new work is refused until the reset, then a new sweep runs to the end
			String refused = product.run(SHORT_SWEEP, COMMAND);
			assertTrue(refused.startsWith("backstop:sweep: ") && refused.contains("refused: the emergency stop is active"),
					refused);
			assertEquals("Stop signal lowered: new work is accepted\n", product.run("estop:reset", COMMAND));
			String again = product.run(SHORT_SWEEP, COMMAND);
			Matcher second = Pattern.compile("Sweep (\\S+) started: bollinger_zscore on BTCUSDT_5m, 12 combos").matcher(again);
			assertTrue(second.find(), again);
			String secondId = second.group(1);
			Pattern completed = Pattern.compile("(?m)sweep " + Pattern.quote(secondId)
					+ ": COMPLETED 12 of 12 combos.* in .*; results: (.+results\\.csv)$");
			Matcher end = completed.matcher(again);
			assertTrue(end.find(), "with --wait the command returns after the last line:\n" + again);
			assertValidResults(Path.of(end.group(1)), 12);

			// the halted sweep resumes where it stopped, and backstop:cancel halts it again, results kept
			int beforeResume = product.output().length();
			String resumed = product.run("backstop:resume " + id + " --every 0.2", COMMAND);
			assertTrue(resumed.startsWith("Sweep " + id + " resumed: " + last.group(1) + " of " + last.group(2)
					+ " combos already done"), resumed + "\nafter the stop:\n" + afterStop);
			product.awaitOutput(o -> {
				Matcher m = progress.matcher(o.substring(beforeResume));
				while (m.find()) {
					if (number(m.group(1)) > done) {
						return true;
					}
				}
				return false;
			}, COMMAND, "progress beyond the halted count after the resume");
			String cancelling = product.run("backstop:cancel " + id, COMMAND);
			assertTrue(cancelling.contains("sweep " + id + ": cancelling; its partial results are kept\n"), cancelling);
			Pattern cancelled = Pattern.compile("sweep " + Pattern.quote(id) + ": CANCELLED ([\\d,]+) of ([\\d,]+) combos");
			String afterCancel = product.awaitOutput(o -> cancelled.matcher(o.substring(beforeResume)).find(), COMMAND,
					"the resumed sweep's CANCELLED line").substring(beforeResume);
			Matcher cancelledLine = cancelled.matcher(afterCancel);
			assertTrue(cancelledLine.find());
			long doneAfterResume = number(cancelledLine.group(1));
			assertTrue(doneAfterResume > done && doneAfterResume < total, doneAfterResume + " after resume, " + done + " before");
			assertValidResults(results, doneAfterResume);

			product.endInput();
			assertEquals(0, product.awaitExit(Duration.ofSeconds(60)), "exit status at the end of input");
			HeadlessProductTest.assertNoStackTrace(product.output());
		}
	}

	private static void assertValidResults(Path file, long combinations) throws Exception {
		assertTrue(Files.isRegularFile(file), file + " exists");
		List<String> lines = Files.readAllLines(file);
		assertFalse(lines.isEmpty(), file + " has a header");
		String[] header = lines.get(0).split(",", -1);
		assertEquals("index", header[0], lines.get(0));
		assertTrue(List.of(header).contains("bb_period") && List.of(header).contains("sharpe"), lines.get(0));
		// the run settings close every line
		List<String> settings = List.of("capital", "fees_bps", "slippage_bps", "sizing", "sizing_value", "allow_short",
				"ruin");
		assertEquals(settings, List.of(header).subList(header.length - settings.size(), header.length), lines.get(0));
		assertEquals(combinations, lines.size() - 1, "result lines in " + file);
		java.util.Set<Long> indexes = new java.util.HashSet<>();
		for (int i = 1; i < lines.size(); i++) {
			String[] fields = lines.get(i).split(",", -1);
			assertEquals(header.length, fields.length, file + " line " + (i + 1) + ": " + lines.get(i));
			assertTrue(indexes.add(Long.parseLong(fields[0])), file + " line " + (i + 1) + ": index twice");
			for (int f = 0; f < header.length - settings.size(); f++) {
				// every figure is a number, NaN and infinity excluded
				assertTrue(Double.isFinite(Double.parseDouble(fields[f])), file + " line " + (i + 1) + ": " + lines.get(i));
			}
			assertEquals("10000,10,5,equity_fraction,1,true,stop", String.join(",",
					List.of(fields).subList(header.length - settings.size(), header.length)), "the default settings");
		}
	}

	private static long number(String digits) {
		return Long.parseLong(digits.replace(",", ""));
	}
}
