package io.backstop.console.internal;

import java.io.PrintStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentService;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.backtest.BacktestEvaluator;
import io.backstop.sweep.Objective;
import io.backstop.sweep.ParameterRange;
import io.backstop.sweep.SweepHandle;
import io.backstop.sweep.SweepMetrics;
import io.backstop.sweep.SweepService;
import io.backstop.sweep.SweepSpec;
import io.backstop.sweep.SweepState;
import io.backstop.sweep.SweepStatus;

/**
 * Background work from the console: {@code backstop:sweep} and {@code backstop:llm} start it and
 * print progress lines until it ends, {@code backstop:jobs} lists it, {@code backstop:cancel} stops one.
 */
@Component(service = WorkCommands.class, property = { "osgi.command.scope=backstop", "osgi.command.function=sweep",
		"osgi.command.function=resume", "osgi.command.function=llm", "osgi.command.function=jobs", "osgi.command.function=cancel" })
public class WorkCommands {

	static final String SWEEP_USAGE = "backstop:sweep STRATEGY [name=from:to:step | name=v1,v2,... | name=v ...]"
			+ " [--objective METRIC] [--minimize] [--workers N] [--top K] [--every SECONDS] [--quiet] [--wait]";
	static final String RESUME_USAGE = "backstop:resume ID|DIRECTORY [--every SECONDS] [--quiet] [--wait]   (backstop:jobs --all lists the ids)";
	static final String LLM_USAGE = "backstop:llm STRATEGY [--objective METRIC] [--minimize] [--iterations N]"
			+ " [--model NAME] [--every SECONDS] [--quiet] [--wait]";
	static final String JOBS_USAGE = "backstop:jobs [--all]";
	static final String CANCEL_USAGE = "backstop:cancel ID   (backstop:jobs lists the ids)";

	/** Metrics the LLM agent can optimise: those {@link BacktestEvaluator} reports. */
	static final List<String> LLM_METRICS = List.of("sharpe", "sortino", "calmar", "total_return", "cagr", "max_drawdown",
			"win_rate", "profit_factor", "expectancy", "trade_count", "final_equity", "volatility");

	/** The model asked when {@code --model} is not given (system property {@value #MODEL_PROPERTY} overrides it). */
	static final String DEFAULT_MODEL = "llama3.2";
	static final String MODEL_PROPERTY = "backstop.llm.model";

	/** The built-in strategies, unless a registry is registered as a service. */
	private final StrategyRegistry builtIn = StrategyRegistry.standard();

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile StrategyRegistry registry;
	private final Map<String, Watch> watches = new ConcurrentHashMap<>();
	private ScheduledExecutorService scheduler;

	@Reference
	Workbench workbench;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile SweepService sweeps;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile AgentService agents;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	volatile IndicatorCache indicatorCache;

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
			Arguments a = Arguments.parse(args, Set.of("--minimize", "--quiet", "--wait"),
					Set.of("--objective", "--workers", "--top", "--every"));
			if (a.positionals().isEmpty()) {
				throw new UsageException("no strategy given");
			}
			Strategy strategy = strategy(a.positionals().get(0));
			List<ParameterArguments.Axis> axes = ParameterArguments.sweep(strategy,
					a.positionals().subList(1, a.positionals().size()));
			String metric = a.value("--objective").orElse(SweepMetrics.SHARPE);
			List<String> metrics = SweepMetrics.forStrategy(strategy.id());
			if (!metrics.contains(metric)) {
				throw new UsageException("unknown objective " + metric + " for " + strategy.id() + "; one of "
						+ String.join(", ", metrics));
			}
			int workers = a.intValue("--workers", 0, 0, 1024);
			int top = a.intValue("--top", SweepSpec.DEFAULT_TOP_K, 1, 10_000);
			double every = a.doubleValue("--every", 2, 0.1, 3600);
			long combos = ParameterArguments.combinations(axes);
			if (combos == Long.MAX_VALUE) {
				throw new UsageException("the grid has too many combinations to count");
			}
			OhlcvSeries series = workbench.requireSeries();
			SweepService service = require(sweeps, "the sweep engine");
			SweepSpec.Builder spec = SweepSpec.builder(strategy.id(), series).settings(RunSettings.defaults())
					.objective(a.has("--minimize") ? Objective.minimize(metric) : Objective.maximize(metric)).topK(top)
					.workers(workers);
			for (ParameterArguments.Axis axis : axes) {
				spec.range(ParameterRange.values(axis.name(), axis.values()));
			}
			SweepHandle handle = service.start(spec.build());
			SweepStatus status = handle.status();
			out.println("Sweep " + handle.id() + " started: " + strategy.id() + " on " + series.name() + ", "
					+ Units.count(status.combosTotal()) + " combos on " + handle.spec().effectiveWorkers()
					+ " workers, " + (a.has("--minimize") ? "minimising " : "maximising ") + metric);
			out.println("results: " + (status.resultsFile() != null ? status.resultsFile() : handle.directory()));
			out.flush();
			Watch watch = watchSweep(out, handle, every, a.has("--quiet"));
			if (a.has("--wait")) {
				watch.awaitLastLine();
			}
		});
	}

	@Descriptor("continue a halted, cancelled or failed sweep from its checkpoint, printing progress lines")
	public void resume(CommandSession session, @Descriptor("ID|DIRECTORY [--every SECONDS] [--quiet]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:resume", RESUME_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--quiet", "--wait"), Set.of("--every")).atMost(1);
			if (a.positionals().isEmpty()) {
				throw new UsageException("no sweep id or directory given");
			}
			double every = a.doubleValue("--every", 2, 0.1, 3600);
			String target = a.positionals().get(0);
			if (target.contains("/")) {
				target = BackstopCommands.resolve(session, target).toString();
			}
			SweepService service = require(sweeps, "the sweep engine");
			SweepHandle handle;
			try {
				handle = service.resume(target);
			} catch (NoSuchFileException e) {
				throw new UsageException("no sweep " + a.positionals().get(0) + " (no such file: " + e.getMessage() + ")");
			}
			SweepStatus status = handle.status();
			out.println("Sweep " + handle.id() + " resumed: " + Units.count(status.combosDone()) + " of "
					+ Units.count(status.combosTotal()) + " combos already done, on " + handle.spec().effectiveWorkers()
					+ " workers");
			out.println("results: " + (status.resultsFile() != null ? status.resultsFile() : handle.directory()));
			out.flush();
			Watch watch = watchSweep(out, handle, every, a.has("--quiet"));
			if (a.has("--wait")) {
				watch.awaitLastLine();
			}
		});
	}

	@Descriptor("let the LLM agent tune a strategy on the loaded data in the background, printing progress lines")
	public void llm(CommandSession session, @Descriptor("STRATEGY [options]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:llm", LLM_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--minimize", "--quiet", "--wait"),
					Set.of("--objective", "--iterations", "--model", "--every")).atMost(1);
			if (a.positionals().isEmpty()) {
				throw new UsageException("no strategy given");
			}
			Strategy strategy = strategy(a.positionals().get(0));
			String metric = a.value("--objective").orElse("sharpe");
			if (!LLM_METRICS.contains(metric)) {
				throw new UsageException("unknown objective " + metric + "; one of " + String.join(", ", LLM_METRICS));
			}
			int iterations = a.intValue("--iterations", 10, 1, 1000);
			String model = a.value("--model").map(String::strip).orElse(System.getProperty(MODEL_PROPERTY, DEFAULT_MODEL));
			if (model.isEmpty() || model.chars().anyMatch(Character::isWhitespace)) {
				throw new UsageException("--model: '" + model + "' is not a model name");
			}
			double every = a.doubleValue("--every", 2, 0.1, 3600);
			OhlcvSeries series = workbench.requireSeries();
			AgentService service = require(agents, "the LLM agent");
			BacktestEvaluator evaluator = new BacktestEvaluator(strategy, series, RunSettings.defaults(), indicatorCache);
			AgentSpec spec = evaluator.agentSpec(a.has("--minimize") ? io.backstop.llm.Objective.minimize(metric)
					: io.backstop.llm.Objective.maximize(metric), iterations, model);
			AgentRun run = service.start(spec, evaluator);
			out.println("LLM run " + run.id() + " started: " + spec.objective().describe() + " of " + strategy.id()
					+ " on " + series.name() + " with " + model + ", at most " + iterations + " iterations");
			out.println("log: " + run.logFile());
			out.flush();
			Watch watch = watchAgent(out, run, every, a.has("--quiet"));
			if (a.has("--wait")) {
				watch.awaitLastLine();
			}
		});
	}

	@Descriptor("list running sweeps and LLM runs with their progress")
	public void jobs(CommandSession session, @Descriptor("[--all] also the finished ones") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:jobs", JOBS_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--all"), Set.of()).atMost(0);
			boolean all = a.has("--all");
			TextTable table = TextTable.of("id", "kind", "strategy", "state", ">age", "progress");
			SweepService sweepService = sweeps;
			if (sweepService != null) {
				for (SweepHandle h : sweepService.list()) {
					SweepStatus s = h.status();
					if (all || !s.state().isFinished()) {
						table.row(h.id(), "sweep", s.strategyId(), s.state(), WorkFormat.age(s.startedAt()),
								WorkFormat.sweepProgress(s));
					}
				}
			}
			AgentService agentService = agents;
			if (agentService != null) {
				for (AgentRun r : all ? agentService.runs() : agentService.active()) {
					table.row(r.id(), "llm", r.spec().strategyId(), r.state(), WorkFormat.age(r.startedAt()), r.progress());
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
			SweepService sweepService = sweeps;
			Optional<SweepHandle> sweep = sweepService == null ? Optional.empty() : sweepService.get(id);
			if (sweep.isPresent()) {
				SweepHandle h = sweep.get();
				if (!h.cancel()) {
					throw new UsageException("sweep " + id + " has already ended (" + h.status().state() + ")");
				}
				out.println("sweep " + id + ": cancelling; its partial results are kept");
				awaitEnd(out, id, () -> h.completion().thenApply(s -> WorkFormat.sweepFinished(h, s)));
				return;
			}
			AgentService agentService = agents;
			Optional<AgentRun> run = agentService == null ? Optional.empty() : agentService.find(id);
			if (run.isPresent()) {
				AgentRun r = run.get();
				if (!r.halt("cancelled from the console")) {
					throw new UsageException("LLM run " + id + " has already ended (" + r.state() + ")");
				}
				out.println("llm " + id + ": cancelling");
				awaitEnd(out, id, () -> r.result().thenApply(result -> WorkFormat.agentFinished(r, result)));
				return;
			}
			throw new UsageException("no sweep or LLM run " + id);
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

	private Watch watchSweep(PrintStream out, SweepHandle handle, double everySeconds, boolean quiet) {
		Watch watch = new Watch(out, () -> {
			SweepStatus s = handle.status();
			return s.state() == SweepState.RUNNING ? WorkFormat.sweepLine(handle.id(), s) : null;
		}, false);
		start(handle.id(), watch, everySeconds, quiet);
		handle.completion().whenComplete((status, error) -> finish(handle.id(), watch,
				status != null ? WorkFormat.sweepFinished(handle, status)
						: "sweep " + handle.id() + ": ended with " + CommandRunner.message(CommandRunner.unwrap(error)) + "\n"));
		return watch;
	}

	private Watch watchAgent(PrintStream out, AgentRun run, double everySeconds, boolean quiet) {
		Watch watch = new Watch(out, () -> run.state().isFinal() ? null : WorkFormat.agentLine(run), true);
		start(run.id(), watch, everySeconds, quiet);
		run.result().whenComplete((result, error) -> finish(run.id(), watch,
				result != null ? WorkFormat.agentFinished(run, result)
						: "llm " + run.id() + ": ended with " + CommandRunner.message(CommandRunner.unwrap(error)) + "\n"));
		return watch;
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

	private StrategyRegistry catalogue() {
		StrategyRegistry r = registry;
		return r != null ? r : builtIn;
	}

	private Strategy strategy(String id) throws UsageException {
		return catalogue().find(id).orElseThrow(() -> new UsageException(
				"unknown strategy " + id + "; known: " + String.join(", ", catalogue().ids())));
	}

	private static <T> T require(T service, String what) {
		if (service == null) {
			throw new IllegalStateException(what + " is not available (its bundle is not active)");
		}
		return service;
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
