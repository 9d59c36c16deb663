package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.backstop.run.Formats;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;

/**
 * Background work from the console: {@code backstop:sweep} and {@code backstop:llm} start it and
 * print progress lines until it ends, {@code backstop:jobs} lists it, {@code backstop:cancel} stops one.
 */
@Component(service = WorkCommands.class, property = { "osgi.command.scope=backstop", "osgi.command.function=sweep",
		"osgi.command.function=resume", "osgi.command.function=llm", "osgi.command.function=jobs", "osgi.command.function=cancel" })
public class WorkCommands {

	static final String SWEEP_USAGE = "backstop:sweep STRATEGY [name=from:to:step | name=v1,v2,... | name=v ...]"
			+ " [--objective METRIC] [--minimize] [--workers N] [--top K] " + SettingsOptions.USAGE + " "
			+ SettingsOptions.RANGE_USAGE + " [--cluster] [--every SECONDS] [--quiet] [--wait]";
	static final String RESUME_USAGE = "backstop:resume ID|DIRECTORY [--cluster] [--every SECONDS] [--quiet] [--wait]"
			+ " (a sweep, search or walk-forward; settings options must match a sweep's; backstop:jobs --all lists the ids)";
	static final String LLM_USAGE = "backstop:llm STRATEGY [name=low:high | name=v ...] [--objective METRIC] [--minimize]"
			+ " [--iterations N] [--model NAME] " + SettingsOptions.USAGE + " " + SettingsOptions.RANGE_USAGE
			+ " [--every SECONDS] [--quiet] [--wait]";
	static final String JOBS_USAGE = "backstop:jobs [--all]";
	static final String CANCEL_USAGE = "backstop:cancel ID   (backstop:jobs lists the ids)";

	private static final Set<String> WATCH_FLAGS = Set.of("--quiet", "--wait");

	private final Map<String, Watch> watches = new ConcurrentHashMap<>();
	private ScheduledExecutorService scheduler;

	@Reference
	RunService runs;

	@Activate
	void activate() {
		AtomicInteger n = new AtomicInteger();
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "backstop-console-progress-" + n.incrementAndGet());
			t.setDaemon(true);
			return t;
		});
	}

	@Deactivate
	void deactivate() {
		watches.values().forEach(Watch::stop);
		watches.clear();
		scheduler.shutdownNow();
	}

	@Descriptor("sweep a parameter grid in the background on the loaded data, printing progress lines")
	public void sweep(CommandSession session,
			@Descriptor("STRATEGY [name=from:to:step | name=v1,v2,... | name=v ...] [options]; parameters not given sweep their default range") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:sweep", SWEEP_USAGE, args, () -> {
			Arguments a = Arguments.parse(args,
					union(WATCH_FLAGS, SettingsOptions.FLAGS, Set.of("--minimize", "--cluster")),
					union(SettingsOptions.valuedWithRange(), Set.of("--objective", "--workers", "--top", "--every")));
			RunRequest.Builder request = request(RunKind.SWEEP, a).workers(a.intValue("--workers", 0, 0, 1024))
					.topK(a.intValue("--top", RunRequest.DEFAULT_TOP_K, 1, 10_000)).cluster(a.has("--cluster"));
			double every = a.doubleValue("--every", 2, 0.1, 3600);
			RunHandle run = runs.start(request.build());
			out.println("Sweep " + run.id() + " started: " + run.request().strategyId() + " on " + run.seriesName() + ", "
					+ Formats.count(run.progress().total()) + " combos on " + workers(run.request().workers())
					+ " workers" + (run.request().cluster() ? " here and on the other cluster members" : "") + ", "
					+ run.request().objective().describe());
			out.println("settings: " + Formats.settings(run.request().settings()));
			out.println("results: " + run.resultsFile());
			watch(out, run, every, a);
		});
	}

	@Descriptor("continue a halted, cancelled or failed sweep, search or walk-forward from its files, printing progress lines")
	public void resume(CommandSession session, @Descriptor("ID|DIRECTORY [--every SECONDS] [--quiet]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:resume", RESUME_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, union(WATCH_FLAGS, SettingsOptions.FLAGS, Set.of("--cluster")),
					union(SettingsOptions.VALUED, Set.of("--every"))).atMost(1);
			if (a.positionals().isEmpty()) {
				throw new UsageException("no sweep, search or walk-forward id or directory given");
			}
			double every = a.doubleValue("--every", 2, 0.1, 3600);
			String target = a.positionals().get(0);
			if (target.contains("/")) {
				target = BackstopCommands.resolve(session, target).toString();
			}
			RunHandle run = runs.resume(target, SettingsOptions.given(a) ? SettingsOptions.settings(a) : null,
					a.has("--cluster"));
			String kind = run.kind().label();
			out.println(Character.toUpperCase(kind.charAt(0)) + kind.substring(1) + " " + run.id() + " resumed: "
					+ Formats.count(run.doneAtStart()) + " of " + Formats.count(run.progress().total()) + " "
					+ run.progress().unit() + " already done"
					+ (run.kind() == RunKind.SWEEP ? ", on " + workers(run.request().workers()) + " workers" : "")
					+ (run.request().cluster() ? " here and on the other cluster members" : ""));
			out.println("settings: " + Formats.settings(run.request().settings()));
			out.println("results: " + run.resultsFile());
			watch(out, run, every, a);
		});
	}

	@Descriptor("let the LLM agent tune a strategy on the loaded data in the background, printing progress lines")
	public void llm(CommandSession session, @Descriptor("STRATEGY [name=low:high ...] [options]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:llm", LLM_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, union(WATCH_FLAGS, SettingsOptions.FLAGS, Set.of("--minimize")),
					union(SettingsOptions.valuedWithRange(), Set.of("--objective", "--iterations", "--model", "--every")));
			RunRequest.Builder request = request(RunKind.LLM, a)
					.llmIterations(a.intValue("--iterations", RunRequest.DEFAULT_LLM_ITERATIONS, 1, 1000))
					.llmModel(a.value("--model").map(String::strip).orElse(null));
			double every = a.doubleValue("--every", 2, 0.1, 3600);
			RunHandle run = runs.start(request.build());
			out.println("LLM run " + run.id() + " started: " + run.request().objective().describe() + " of "
					+ run.request().strategyId() + " on " + run.seriesName() + " with " + run.request().llmModel()
					+ ", at most " + run.request().llmIterations() + " iterations");
			out.println("settings: " + Formats.settings(run.request().settings()));
			out.println("log: " + run.resultsFile());
			watch(out, run, every, a);
		});
	}

	/** A request of {@code kind} from the strategy, the {@code name=input} arguments, the objective and the settings. */
	private static RunRequest.Builder request(RunKind kind, Arguments a) throws UsageException {
		if (a.positionals().isEmpty()) {
			throw new UsageException("no strategy given");
		}
		RunRequest.Builder request = RunRequest.builder(kind, a.positionals().get(0)).settings(SettingsOptions.settings(a))
				.range(SettingsOptions.range(a));
		BackstopCommands.assign(request, a);
		String metric = a.value("--objective").orElse(RunObjective.DEFAULT.metric());
		return request.objective(a.has("--minimize") ? RunObjective.minimise(metric) : RunObjective.maximise(metric));
	}

	private static String workers(int workers) {
		return Integer.toString(workers > 0 ? workers : Runtime.getRuntime().availableProcessors());
	}

	@SafeVarargs
	static Set<String> union(Set<String>... sets) {
		Set<String> all = new java.util.HashSet<>();
		for (Set<String> s : sets) {
			all.addAll(s);
		}
		return all;
	}

	@Descriptor("list running sweeps and LLM runs with their progress")
	public void jobs(CommandSession session, @Descriptor("[--all] also the finished ones") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:jobs", JOBS_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--all"), Set.of()).atMost(0);
			boolean all = a.has("--all");
			TextTable table = TextTable.of("id", "kind", "strategy", "state", ">age", "progress");
			for (RunHandle run : runs.runs()) {
				RunState state = run.progress().state();
				if (all || !state.isFinished()) {
					table.row(run.id(), run.kind().label().toLowerCase(java.util.Locale.ROOT), run.request().strategyId(),
							state, WorkFormat.age(run.startedAt()), run.progress().describe());
				}
			}
			if (table.isEmpty()) {
				out.println(all ? "no work yet" : "no running work (backstop:jobs --all lists finished work too)");
			} else {
				out.print(table.render());
			}
		});
	}

	@Descriptor("cancel a running sweep or LLM run; a sweep keeps its partial results and can be resumed")
	public void cancel(CommandSession session, @Descriptor("ID") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:cancel", CANCEL_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of(), Set.of()).atMost(1);
			if (a.positionals().isEmpty()) {
				throw new UsageException("no id given");
			}
			String id = a.positionals().get(0);
			RunHandle run = runs.find(id).orElseThrow(() -> new UsageException("no run " + id));
			if (!run.cancel()) {
				throw new UsageException(run.kind().label() + " " + id + " has already ended (" + run.progress().state() + ")");
			}
			out.println(run.kind().label().toLowerCase(java.util.Locale.ROOT) + " " + id + ": cancelling; "
					+ (run.kind().takesGrid() ? "its partial results are kept" : "what it computed is kept"));
			awaitEnd(out, id, () -> run.completion().thenApply(outcome -> WorkFormat.finished(run, outcome)));
		});
	}

	/** When the work is not watched by a console, waits a little for its end and prints it. */
	private void awaitEnd(PrintStream out, String id,
			Supplier<CompletableFuture<String>> finalText) throws Exception {
		if (watches.containsKey(id)) {
			return; // its watcher prints the last line
		}
		try {
			out.print(finalText.get().get(10, TimeUnit.SECONDS));
		} catch (TimeoutException e) {
			out.println(id + ": still stopping; backstop:jobs shows when it ends");
		}
	}

	/** Prints the run's progress lines until it ends, then its last lines; with {@code --wait} blocks until then. */
	private void watch(PrintStream out, RunHandle run, double everySeconds, Arguments a) throws InterruptedException {
		out.flush();
		Watch watch = new Watch(out, () -> run.progress().state().isFinished() ? null : WorkFormat.line(run),
				run.kind() == RunKind.LLM);
		start(run.id(), watch, everySeconds, a.has("--quiet"));
		run.completion().whenComplete((outcome, error) -> finish(run.id(), watch, outcome != null
				? WorkFormat.finished(run, outcome)
				: run.id() + ": ended with " + CommandRunner.message(CommandRunner.unwrap(error)) + "\n"));
		if (a.has("--wait")) {
			watch.awaitLastLine();
		}
	}

	private void start(String id, Watch watch, double everySeconds, boolean quiet) {
		watches.put(id, watch);
		if (!quiet) {
			long period = Math.max(100, Math.round(everySeconds * 1000));
			watch.ticker = scheduler.scheduleAtFixedRate(watch::tick, period, period, TimeUnit.MILLISECONDS);
		}
	}

	private void finish(String id, Watch watch, String text) {
		watch.finish(text);
		watches.remove(id, watch);
	}

	/** Prints one piece of work's progress lines, then its last line; never a progress line after the last. */
	static final class Watch {
		private final PrintStream out;
		private final Supplier<String> progress;
		private final boolean onlyChanges;
		private volatile ScheduledFuture<?> ticker;
		private final CountDownLatch lastLinePrinted = new CountDownLatch(1);
		private boolean finished;
		private String last;

		Watch(PrintStream out, Supplier<String> progress, boolean onlyChanges) {
			this.out = out;
			this.progress = progress;
			this.onlyChanges = onlyChanges;
		}

		synchronized void tick() {
			if (finished) {
				return;
			}
			try {
				String line = progress.get();
				if (line != null && !(onlyChanges && line.equals(last))) {
					out.println(line);
					out.flush();
					last = line;
				}
			} catch (RuntimeException e) {
				// a progress line is not worth a failure; the last line reports the outcome
			}
		}

		synchronized void finish(String text) {
			if (finished) {
				return;
			}
			finished = true;
			stop();
			out.print(text);
			out.flush();
			lastLinePrinted.countDown();
		}

		/** Blocks the console until the work has ended and its last line is printed ({@code --wait}). */
		void awaitLastLine() throws InterruptedException {
			lastLinePrinted.await();
		}

		void stop() {
			ScheduledFuture<?> t = ticker;
			if (t != null) {
				t.cancel(false);
			}
		}
	}

	/** For tests: the ids being watched. */
	List<String> watched() {
		return new ArrayList<>(watches.keySet());
	}
}
