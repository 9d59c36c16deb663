package io.backstop.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.backstop.data.SampleData;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

class WorkCommandsTest {

	private final TestSession session = new TestSession();
	private final WorkCommands commands = new WorkCommands();
	private final TestSweeps sweeps = new TestSweeps();

	@BeforeEach
	void wire() throws Exception {
		commands.workbench = new Workbench();
		commands.workbench.load(SampleData.loadBtcusdt5m());
		commands.activate();
	}

	@AfterEach
	void unwire() {
		commands.deactivate();
	}

	@Test
	void aSweepPrintsProgressLinesThenItsLastLineAndNothingAfter() throws Exception {
		commands.sweeps = sweeps;
		commands.sweep(session, "bollinger_zscore", "bb_period=10:20:5", "entry_z=1,2", "--objective", "max_drawdown_pct",
				"--minimize", "--workers", "2", "--every", "0.1");
		String started = session.take();
		assertTrue(started.startsWith("Sweep test-1 started: bollinger_zscore on BTCUSDT_5m, 48 combos on 2 workers, minimising max_drawdown_pct\n"
				+ "results: /sweeps/test-1/results.csv\n"), started);
		TestHandle handle = sweeps.handles.get(0);
		assertEquals(List.of("bb_period", "bb_std", "entry_z", "k_sl", "leverage"),
				handle.spec.ranges().stream().map(r -> r.name()).toList());
		assertEquals(3 * 1 * 2 * 8 * 1, handle.spec.totalCombos());
		assertEquals("max_drawdown_pct", handle.spec.objective().metric());
		assertEquals(2, handle.spec.workers());

		handle.done = 12;
		String progress = awaitText(s -> s.contains("sweep test-1: RUNNING 12 / 48 combos (25.0%)"));
		assertTrue(progress.contains("combos/s"), progress);

		commands.jobs(session);
		String jobs = awaitText(s -> s.contains("test-1  sweep"));
		assertTrue(jobs.lines().anyMatch(l -> l.matches("id +kind +strategy +state +age +progress")), jobs);

		handle.finish(SweepState.STOPPED, "halted by the emergency stop");
		String last = awaitText(s -> s.contains("sweep test-1: STOPPED"));
		assertTrue(last.contains("sweep test-1: STOPPED 12 / 48 combos (25.0%) in 1.50 s (halted by the emergency stop); results: /sweeps/test-1/results.csv\n"
				+ "  resumable from /sweeps/test-1\n"), last);
		Thread.sleep(400);
		String after = session.take();
		assertFalse(after.contains("RUNNING"), "a progress line after the last one:\n" + after);
		assertTrue(commands.watched().isEmpty());

		commands.jobs(session);
		assertEquals("no running work (backstop:jobs --all lists finished work too)\n", session.take());
		commands.jobs(session, "--all");
		assertTrue(session.take().lines().anyMatch(l -> l.matches("test-1 +sweep +bollinger_zscore +STOPPED +.* 12 / 48 combos \\(25\\.0%\\)")));
	}

	@Test
	void waitReturnsOnceTheLastLineIsPrinted() throws Exception {
		commands.sweeps = sweeps;
		Thread console = new Thread(() -> commands.sweep(session, "sma_crossover", "--quiet", "--wait"));
		console.start();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (sweeps.list().isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		Thread.sleep(200);
		assertTrue(console.isAlive(), "the command waits while the sweep runs");
		sweeps.handles.get(0).done = sweeps.handles.get(0).spec.totalCombos();
		sweeps.handles.get(0).finish(SweepState.COMPLETED, "");
		console.join(5000);
		assertFalse(console.isAlive());
		String out = session.take();
		assertTrue(out.contains("\nsweep test-1: COMPLETED ") && out.trim().lines().reduce((a, b) -> b).orElseThrow()
				.startsWith("sweep test-1: COMPLETED "), out);
	}

	@Test
	void cancelAskedOfARunningSweep() throws Exception {
		commands.sweeps = sweeps;
		commands.sweep(session, "sma_crossover", "--quiet");
		session.take();
		commands.cancel(session, "test-1");
		assertEquals("sweep test-1: cancelling; its partial results are kept\n", session.take());
		assertTrue(sweeps.handles.get(0).cancelled);
		sweeps.handles.get(0).finish(SweepState.CANCELLED, "");
		awaitText(s -> s.contains("sweep test-1: CANCELLED"));
		commands.cancel(session, "test-1");
		assertEquals("backstop:cancel: sweep test-1 has already ended (CANCELLED)\nusage: " + WorkCommands.CANCEL_USAGE + "\n",
				session.take());
	}

	@Test
	void resumeContinuesAHaltedSweepAndWatchesIt() throws Exception {
		commands.sweeps = sweeps;
		commands.sweep(session, "sma_crossover", "--quiet");
		session.take();
		TestHandle first = sweeps.handles.get(0);
		first.done = 7;
		commands.resume(session, "test-1");
		assertEquals("backstop:resume: sweep test-1 is RUNNING; nothing to resume\nusage: " + WorkCommands.RESUME_USAGE + "\n",
				session.take());
		first.finish(SweepState.STOPPED, "halted by the emergency stop");
		awaitText(s -> s.contains("sweep test-1: STOPPED 7 / "));

		commands.resume(session, "test-1", "--quiet");
		String resumed = session.take();
		assertTrue(resumed.startsWith("Sweep test-1 resumed: 7 of "), resumed);
		TestHandle second = sweeps.handles.get(1);
		second.done = second.spec.totalCombos();
		second.finish(SweepState.COMPLETED, "");
		assertTrue(awaitText(s -> s.contains("sweep test-1: COMPLETED")).contains("(100.0%)"));

		commands.resume(session, "nope");
		assertEquals("backstop:resume: no checkpoint in /sweeps/nope\nusage: " + WorkCommands.RESUME_USAGE + "\n", session.take());
		commands.resume(session);
		assertEquals("backstop:resume: no sweep id or directory given\nusage: " + WorkCommands.RESUME_USAGE + "\n", session.take());
		commands.resume(session, "a", "b");
		assertEquals("backstop:resume: unexpected argument 'b'\nusage: " + WorkCommands.RESUME_USAGE + "\n", session.take());
	}

	@Test
	void withoutTheEnginesTheCommandsSaySo() {
		commands.sweep(session, "sma_crossover");
		assertEquals("backstop:sweep: the sweep engine is not available (its bundle is not active)\nusage: "
				+ WorkCommands.SWEEP_USAGE + "\n", session.take());
		commands.llm(session, "sma_crossover");
		assertEquals("backstop:llm: the LLM agent is not available (its bundle is not active)\nusage: "
				+ WorkCommands.LLM_USAGE + "\n", session.take());
		commands.jobs(session);
		assertEquals("no running work (backstop:jobs --all lists finished work too)\n", session.take());
	}

	@Test
	void withoutDataSweepAndLlmSayHowToLoadSome() {
		commands.workbench = new Workbench();
		commands.sweeps = sweeps;
		commands.sweep(session, "sma_crossover");
		assertTrue(session.take().startsWith("backstop:sweep: no data loaded; backstop:load loads the bundled sample"));
		commands.llm(session, "sma_crossover");
		assertTrue(session.take().startsWith("backstop:llm: no data loaded; backstop:load loads the bundled sample"));
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource(delimiter = '|', value = {
			"sweep||backstop:sweep: no strategy given",
			"sweep|nope|backstop:sweep: unknown strategy nope; known: sma_crossover, ema_crossover, bollinger_atr, rsi_reversal, macd_crossover, donchian_breakout, bollinger_zscore",
			"sweep|bollinger_zscore size=1|backstop:sweep: unknown parameter size for bollinger_zscore; its parameters: bb_period, bb_std, entry_z, k_sl, leverage",
			"sweep|bollinger_zscore bb_period|backstop:sweep: expected name=from:to:step or name=v1,v2,..., got 'bb_period'",
			"sweep|bollinger_zscore bb_period=20:10:5|backstop:sweep: parameter bb_period: range 20:10:5 ends below its start",
			"sweep|bollinger_zscore bb_period=10:20:0|backstop:sweep: parameter bb_period: step must be positive, got 0",
			"sweep|bollinger_zscore entry_z=1,x|backstop:sweep: parameter entry_z: 'x' is not a number",
			"sweep|bollinger_zscore k_sl=0|backstop:sweep: parameter k_sl = 0.0 is outside [0.05, 100.0]",
			"sweep|bollinger_zscore --objective profit|backstop:sweep: unknown objective profit for bollinger_zscore; one of total_pnl, final_equity, trades, win_rate, sharpe, max_drawdown_pct",
			"sweep|bollinger_zscore --workers -1|backstop:sweep: --workers must be between 0 and 1024, got -1",
			"sweep|bollinger_zscore --workers many|backstop:sweep: --workers: 'many' is not a whole number",
			"sweep|bollinger_zscore --top 0|backstop:sweep: --top must be between 1 and 10000, got 0",
			"sweep|bollinger_zscore --every 0|backstop:sweep: --every must be between 0.1 and 3600, got 0",
			"sweep|bollinger_zscore --every|backstop:sweep: option --every needs a value",
			"sweep|bollinger_zscore --fast|backstop:sweep: unknown option --fast",
			"llm||backstop:llm: no strategy given",
			"llm|nope|backstop:llm: unknown strategy nope; known: sma_crossover, ema_crossover, bollinger_atr, rsi_reversal, macd_crossover, donchian_breakout, bollinger_zscore",
			"llm|sma_crossover fast_period=5|backstop:llm: unexpected argument 'fast_period=5'",
			"llm|sma_crossover --objective profit|backstop:llm: unknown objective profit; one of sharpe, sortino, calmar, total_return, cagr, max_drawdown, win_rate, profit_factor, expectancy, trade_count, final_equity, volatility",
			"llm|sma_crossover --iterations 0|backstop:llm: --iterations must be between 1 and 1000, got 0",
			"llm|sma_crossover --iterations ten|backstop:llm: --iterations: 'ten' is not a whole number",
			"llm|sma_crossover --model|backstop:llm: option --model needs a value",
			"llm|sma_crossover --temperature 1|backstop:llm: unknown option --temperature",
			"jobs|all|backstop:jobs: unexpected argument 'all'",
			"jobs|--running|backstop:jobs: unknown option --running",
			"cancel||backstop:cancel: no id given",
			"cancel|a b|backstop:cancel: unexpected argument 'b'",
			"cancel|nope|backstop:cancel: no sweep or LLM run nope",
			"cancel|--all|backstop:cancel: unknown option --all", })
	void badArgumentsGiveOneLineAndTheUsage(String function, String arguments, String error) {
		commands.sweeps = sweeps;
		String[] args = arguments == null ? new String[0] : arguments.split(" ");
		switch (function) {
		case "sweep" -> commands.sweep(session, args);
		case "llm" -> commands.llm(session, args);
		case "jobs" -> commands.jobs(session, args);
		case "cancel" -> commands.cancel(session, args);
		default -> throw new IllegalArgumentException(function);
		}
		String out = session.take();
		List<String> lines = out.lines().toList();
		assertEquals(2, lines.size(), out);
		assertEquals(error, lines.get(0));
		assertTrue(lines.get(1).startsWith("usage: backstop:" + function), lines.get(1));
		assertTrue(sweeps.handles.isEmpty(), "no sweep started on bad arguments");
	}

	@Test
	void helpPrintsTheUsageAndStartsNothing() {
		commands.sweeps = sweeps;
		commands.sweep(session, "bollinger_zscore", "--help");
		assertEquals("usage: " + WorkCommands.SWEEP_USAGE + "\n", session.take());
		assertTrue(sweeps.handles.isEmpty());
	}

	@Test
	void aModelNameWithSpacesIsRefused() {
		commands.llm(session, "sma_crossover", "--model", "two words");
		assertTrue(session.take().startsWith("backstop:llm: --model: 'two words' is not a model name\n"));
	}

	private String awaitText(java.util.function.Predicate<String> condition) throws InterruptedException {
		StringBuilder seen = new StringBuilder();
		long deadline = System.nanoTime() + 5_000_000_000L;
		while (System.nanoTime() < deadline) {
			seen.append(session.take());
			if (condition.test(seen.toString())) {
				return seen.toString();
			}
			Thread.sleep(20);
		}
		throw new AssertionError("not printed within 5 s:\n" + seen);
	}

	/** A sweep service whose sweeps advance only when the test says so. */
	static final class TestSweeps implements SweepService {
		final List<TestHandle> handles = new ArrayList<>();

		@Override
		public synchronized SweepHandle start(SweepSpec spec) {
			TestHandle h = new TestHandle("test-" + (handles.size() + 1), spec);
			handles.add(h);
			return h;
		}

		@Override
		public synchronized List<SweepHandle> list() {
			return List.copyOf(handles);
		}

		@Override
		public synchronized Optional<SweepHandle> get(String id) {
			return handles.stream().filter(h -> h.id.equals(id)).map(h -> (SweepHandle) h).findFirst();
		}

		@Override
		public boolean cancel(String id) {
			return get(id).map(SweepHandle::cancel).orElse(false);
		}

		@Override
		public synchronized SweepHandle resume(String idOrDirectory) throws java.io.IOException {
			TestHandle old = handles.stream().filter(h -> h.id.equals(idOrDirectory)).findFirst()
					.orElseThrow(() -> new java.io.IOException("no checkpoint in /sweeps/" + idOrDirectory));
			if (!old.state.isResumable()) {
				throw new IllegalStateException("sweep " + old.id + " is " + old.state + "; nothing to resume");
			}
			TestHandle resumed = new TestHandle(old.id, old.spec);
			resumed.done = old.done;
			handles.add(resumed);
			return resumed;
		}

		@Override
		public SweepHandle resume(Path directory, io.backstop.data.OhlcvSeries series) {
			throw new UnsupportedOperationException();
		}

		@Override
		public Path sweepsDirectory() {
			return Path.of("/sweeps");
		}
	}

	static final class TestHandle implements SweepHandle {
		final String id;
		final SweepSpec spec;
		final CompletableFuture<SweepStatus> completion = new CompletableFuture<>();
		final Instant started = Instant.parse("2026-11-26T13:30:00Z");
		volatile long done;
		volatile SweepState state = SweepState.RUNNING;
		volatile String message = "";
		volatile boolean cancelled;

		TestHandle(String id, SweepSpec spec) {
			this.id = id;
			this.spec = spec;
		}

		void finish(SweepState end, String why) {
			state = end;
			message = why;
			completion.complete(status());
		}

		@Override
		public String id() {
			return id;
		}

		@Override
		public SweepSpec spec() {
			return spec;
		}

		@Override
		public SweepStatus status() {
			boolean finished = state.isFinished();
			return new SweepStatus(id, spec.strategyId(), state, done, spec.totalCombos(), finished ? 0 : 120,
					finished ? null : Duration.ofSeconds(2), done * 25_920, 2, null, List.of(),
					Path.of("/sweeps", id, "results.csv"), Path.of("/sweeps", id, "checkpoint.properties"), started,
					finished ? started.plusMillis(1500) : null, message);
		}

		@Override
		public boolean cancel() {
			if (state.isFinished()) {
				return false;
			}
			cancelled = true;
			return true;
		}

		@Override
		public CompletableFuture<SweepStatus> completion() {
			return completion;
		}

		@Override
		public Path directory() {
			return Path.of("/sweeps", id);
		}
	}
}
