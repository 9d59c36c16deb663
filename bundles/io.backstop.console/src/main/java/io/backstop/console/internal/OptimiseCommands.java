package io.backstop.console.internal;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.backstop.optimise.Evaluation;
import io.backstop.optimise.OverfitReport;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchSpec;
import io.backstop.optimise.SearchStatus;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardResult;
import io.backstop.optimise.WalkForwardSpec;
import io.backstop.optimise.WalkForwardWindow;
import io.backstop.run.Formats;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.sweep.SweepMetrics;

/**
 * Searches beyond the grid from the console: {@code backstop:optimise} (random, genetic, CMA-ES),
 * {@code backstop:walkforward} and {@code backstop:overfit}, over the loaded data. Each is run-service
 * work: started, tracked and resumed by the {@link RunService}, listed by {@code backstop:jobs},
 * cancelled by {@code backstop:cancel}.
 */
@Component(service = OptimiseCommands.class, property = { "osgi.command.scope=backstop",
		"osgi.command.function=optimise", "osgi.command.function=walkforward", "osgi.command.function=overfit" })
public class OptimiseCommands {

	static final String SEARCH_OPTIONS = "--method random|genetic|cmaes --budget N [--seed S] [--patience N]"
			+ " [--objective METRIC] [--minimize] [--cluster] " + SettingsOptions.USAGE + " " + SettingsOptions.RANGE_USAGE;
	static final String OPTIMISE_USAGE = "backstop:optimise STRATEGY [name=from:to:step | name=v1,v2,... | name=v ...] "
			+ SEARCH_OPTIONS + " [--every SECONDS] [--quiet] [--wait] [--json]"
			+ " | backstop:optimise --resume SEARCH_ID [--cluster] [--every SECONDS] [--quiet] [--wait] [--json]";
	static final String WALKFORWARD_USAGE = "backstop:walkforward STRATEGY [name=from:to:step ...] (--windows N --in BARS"
			+ " --out BARS [--anchored] | --holdout BARS) " + SEARCH_OPTIONS + " [--every SECONDS] [--quiet] [--wait] [--json]";
	static final String OVERFIT_USAGE = "backstop:overfit SEARCH_OR_SWEEP_ID [--json]";

	private static final Set<String> SEARCH_FLAGS = Set.of("--minimize", "--cluster", "--quiet", "--wait", "--json");
	private static final Set<String> SEARCH_VALUED = Set.of("--method", "--budget", "--seed", "--patience", "--objective",
			"--every", "--resume");
	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
			.disableHtmlEscaping().create();

	@Reference
	RunService runs;

	private ScheduledExecutorService scheduler;

	@Activate
	void activate() {
		scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread t = new Thread(r, "backstop-console-optimise-progress");
			t.setDaemon(true);
			return t;
		});
	}

	@Deactivate
	void deactivate() {
		scheduler.shutdownNow();
	}

	@Descriptor("search a strategy's parameters (random, genetic or CMA-ES) on the loaded data, printing progress lines")
	public void optimise(CommandSession session,
			@Descriptor("STRATEGY [name=from:to:step | name=v1,v2,... | name=v ...] --method M --budget N [options]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:optimise", OPTIMISE_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, WorkCommands.union(SEARCH_FLAGS, SettingsOptions.FLAGS),
					WorkCommands.union(SEARCH_VALUED, SettingsOptions.valuedWithRange()));
			if (a.value("--resume").isPresent()) {
				resume(out, a.atMost(0));
				return;
			}
			RunHandle run = runs.start(request(RunKind.SEARCH, a).build());
			SearchHandle search = runs.search(run.id()).orElseThrow();
			SearchSpec spec = search.spec();
			if (!a.has("--json")) {
				out.println("Search " + search.id() + " started: " + spec.method().label() + " search of " + spec.strategyId()
						+ " on " + spec.series().name() + ", " + Formats.count(search.status().spaceSize()) + " points, budget "
						+ Formats.count(spec.budget()) + " evaluations, seed " + spec.seed()
						+ (spec.patience() > 0 ? ", patience " + Formats.count(spec.patience()) : "") + ", "
						+ run.request().objective().describe() + onCluster(run));
				out.println("results: " + search.status().resultsFile());
			}
			watchSearch(out, a, run);
		});
	}

	/** Continues a cancelled, halted or failed search: its evaluations on file are replayed, then it goes on. */
	private void resume(PrintStream out, Arguments a) throws Exception {
		RunHandle run = runs.resume(a.value("--resume").get().strip(), null, a.has("--cluster"));
		SearchHandle search = runs.search(run.id())
				.orElseThrow(() -> new UsageException(run.id() + " is a " + run.kind().label() + "; backstop:resume continues it"));
		if (!a.has("--json")) {
			out.println("Search " + search.id() + " resumed: " + search.spec().method().label() + " search of "
					+ search.spec().strategyId() + ", " + Formats.count(search.spec().budget()) + " evaluations in all"
					+ onCluster(run));
		}
		watchSearch(out, a, run);
	}

	private void watchSearch(PrintStream out, Arguments a, RunHandle run) throws Exception {
		SearchHandle search = runs.search(run.id()).orElseThrow();
		watch(out, a, () -> progress(run, search), run.completion().thenApply(outcome -> a.has("--json")
				? JSON.toJson(searchJson(search.id(), search.status())) + "\n"
				: finished(search.id(), search.status())));
	}

	@Descriptor("walk-forward analysis: search each in-sample window, test its best out of sample, stitch the out-of-sample equity")
	public void walkforward(CommandSession session,
			@Descriptor("STRATEGY [name=...] --windows N --in BARS --out BARS [--anchored] | --holdout BARS, and the search's options") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:walkforward", WALKFORWARD_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, WorkCommands.union(SEARCH_FLAGS, SettingsOptions.FLAGS, Set.of("--anchored")),
					WorkCommands.union(SEARCH_VALUED, SettingsOptions.valuedWithRange(), Set.of("--windows", "--in", "--out", "--holdout")));
			RunRequest.WalkForward windows;
			if (a.value("--holdout").isPresent()) {
				if (a.value("--windows").isPresent() || a.value("--in").isPresent() || a.value("--out").isPresent()) {
					throw new UsageException("--holdout replaces --windows, --in and --out");
				}
				windows = RunRequest.WalkForward.holdout(a.intValue("--holdout", 0, WalkForwardSpec.MIN_BARS, Integer.MAX_VALUE));
			} else {
				windows = new RunRequest.WalkForward(required(a, "--windows"), required(a, "--in"), required(a, "--out"),
						a.has("--anchored"), 0);
			}
			RunHandle run = runs.start(request(RunKind.WALK_FORWARD, a).walkForward(windows).build());
			WalkForwardHandle walk = runs.walkForward(run.id()).orElseThrow();
			WalkForwardSpec spec = walk.spec();
			SearchSpec search = spec.search();
			if (!a.has("--json")) {
				out.println("Walk-forward " + walk.id() + " started: " + spec.windows() + " " + (spec.anchored() ? "anchored" : "rolling")
						+ " window" + (spec.windows() == 1 ? "" : "s") + " of " + Formats.count(spec.inBars()) + " in-sample and "
						+ Formats.count(spec.outBars()) + " out-of-sample bars, " + search.method().label() + " search of "
						+ Formats.count(search.budget()) + " evaluations each, " + run.request().objective().describe()
						+ onCluster(run));
				out.println("files: " + walk.directory());
			}
			watch(out, a, () -> run.progress().state().isFinished() ? null
					: walk.id() + ": window " + Math.min(walk.currentWindow() + 1, spec.windows()) + " of " + spec.windows(),
					run.completion().thenApply(outcome -> a.has("--json") ? JSON.toJson(walkJson(walk.id(), walk.result())) + "\n"
							: walkText(walk.id(), spec, walk.result())));
		});
	}

	@Descriptor("overfitting checks of a finished search or sweep: Deflated Sharpe Ratio and Probability of Backtest Overfitting")
	public void overfit(CommandSession session, @Descriptor("SEARCH_OR_SWEEP_ID [--json]") String... args) {
		PrintStream out = session.getConsole();
		CommandRunner.run(out, "backstop:overfit", OVERFIT_USAGE, args, () -> {
			Arguments a = Arguments.parse(args, Set.of("--json"), Set.of()).atMost(1);
			if (a.positionals().isEmpty()) {
				throw new UsageException("no search or sweep id given");
			}
			OverfitReport report = runs.overfit(a.positionals().get(0));
			if (a.has("--json")) {
				Map<String, Object> json = new LinkedHashMap<>();
				json.put("subject", report.subject());
				json.put("trials", report.trials());
				json.put("deflated_sharpe", report.deflatedSharpe());
				OverfitReport.BacktestOverfitting p = report.backtestOverfitting();
				json.put("pbo", Map.of("probability", p.probability(), "partitions", p.partitions(), "combinations",
						p.combinations(), "trials", p.trials()));
				out.println(JSON.toJson(json));
				return;
			}
			OverfitReport.DeflatedSharpe d = report.deflatedSharpe();
			out.println(report.subject() + ": " + Formats.count(report.trials()) + " valid trials");
			out.println(d.reading());
			out.println("  Sharpe per bar " + Formats.number(d.sharpe()) + " against " + Formats.number(d.expectedMaxSharpe())
					+ " expected from the best of " + Formats.count(d.trials()) + " trials of no skill; "
					+ Formats.count(d.observations()) + " bars, skewness " + Formats.number(d.skewness()) + ", kurtosis "
					+ Formats.number(d.kurtosis()));
			out.println(report.backtestOverfitting().reading());
		});
	}

	/**
	 * The search the arguments describe, on the loaded data within --from/--to: the run service checks the
	 * strategy, the parameters, the method and the objective.
	 */
	private static RunRequest.Builder request(RunKind kind, Arguments a) throws UsageException {
		if (a.positionals().isEmpty()) {
			throw new UsageException("no strategy given");
		}
		if (a.value("--method").isEmpty()) {
			throw new UsageException("--method: none given; one of random, genetic, cmaes");
		}
		if (a.value("--budget").isEmpty()) {
			throw new UsageException("--budget: none given; the most evaluations the search may run");
		}
		int budget = a.intValue("--budget", 0, 1, SearchSpec.MAX_BUDGET);
		long seed = a.value("--seed").map(s -> {
			try {
				return Long.parseLong(s.strip());
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("--seed: '" + s + "' is not a whole number");
			}
		}).orElse(1L);
		int patience = a.intValue("--patience", 0, 0, SearchSpec.MAX_BUDGET);
		RunRequest.Builder request = RunRequest.builder(kind, a.positionals().get(0)).settings(SettingsOptions.settings(a))
				.range(SettingsOptions.range(a))
				.search(new RunRequest.Search(a.value("--method").get(), budget, seed, patience)).cluster(a.has("--cluster"));
		BackstopCommands.assign(request, a);
		String metric = a.value("--objective").orElse(RunObjective.DEFAULT.metric());
		return request.objective(a.has("--minimize") ? RunObjective.minimise(metric) : RunObjective.maximise(metric));
	}

	/** Where a search's points run, when the cluster's members take them too. */
	private static String onCluster(RunHandle run) {
		return run.request().cluster() ? "; points evaluated here and on the other cluster members" : "";
	}

	private static int required(Arguments a, String option) throws UsageException {
		if (a.value(option).isEmpty()) {
			throw new UsageException(option + ": none given");
		}
		return a.intValue(option, 0, 1, Integer.MAX_VALUE);
	}

	/** {@code search-3: 312 of 2,000 evaluations · 41 evaluations/s · ETA 41 s · best sharpe 1.84 (fast_period=12, ...)}. */
	private static String progress(RunHandle run, SearchHandle search) {
		if (run.progress().state().isFinished()) {
			return null;
		}
		SearchStatus s = search.status();
		return run.id() + ": " + run.progress().describe()
				+ (s.best() == null ? "" : " (" + parameters(s.best().parameters()) + ")");
	}

	private static String finished(String id, SearchStatus s) {
		StringBuilder text = new StringBuilder(id).append(' ').append(s.state().label()).append(": ").append(s.message())
				.append("; ").append(Formats.count(s.evaluations())).append(" evaluations\n");
		Evaluation best = s.best();
		if (best == null) {
			text.append("no valid parameters found\n");
		} else {
			text.append("best: ").append(parameters(best.parameters())).append(" (evaluation ").append(best.index() + 1)
					.append(")\n");
			TextTable table = TextTable.of("figure", ">value");
			for (String metric : SweepMetrics.FIGURES) {
				table.row(SweepMetrics.label("", metric), Formats.number(best.metrics().get(metric)));
			}
			text.append(table.render());
		}
		text.append("results: ").append(s.resultsFile()).append('\n');
		if (s.state().isResumable()) {
			text.append("resumable from ").append(s.checkpointFile()).append('\n');
		}
		return text.toString();
	}

	private static Map<String, Object> searchJson(String id, SearchStatus s) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", id);
		json.put("state", s.state().label());
		json.put("message", s.message());
		json.put("evaluations", s.evaluations());
		json.put("budget", s.budget());
		json.put("space", s.spaceSize());
		json.put("best", s.best());
		json.put("results", s.resultsFile().toString());
		json.put("checkpoint", s.checkpointFile().toString());
		return json;
	}

	private static String walkText(String id, WalkForwardSpec spec, WalkForwardResult r) {
		StringBuilder text = new StringBuilder(id).append(' ').append(r.state().label()).append(": ").append(r.message())
				.append('\n');
		String metric = spec.search().objective().metric();
		TextTable table = TextTable.of(">window", ">in-sample bars", ">out-of-sample bars", "parameters", ">in " + metric,
				">out " + metric, ">in return/yr", ">out return/yr", ">efficiency");
		for (WalkForwardWindow w : r.windows()) {
			table.row(Integer.toString(w.index() + 1), Formats.count(w.inTo() - w.inFrom()), Formats.count(w.outTo() - w.inTo()),
					w.parameters().isEmpty() ? "none valid" : parameters(w.parameters()), Formats.number(w.inObjective()),
					Formats.number(w.outObjective()), Formats.percent(w.inAnnualReturn()), Formats.percent(w.outAnnualReturn()),
					Formats.percent(w.efficiency()));
		}
		text.append(table.render());
		text.append("stitched out-of-sample return ").append(Formats.percent(r.outOfSampleReturn()))
				.append(", walk-forward efficiency ").append(Formats.percent(r.efficiency())).append('\n');
		return text.toString();
	}

	private static Map<String, Object> walkJson(String id, WalkForwardResult r) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", id);
		json.put("state", r.state().label());
		json.put("message", r.message());
		json.put("windows", r.windows());
		json.put("efficiency", r.efficiency());
		json.put("out_of_sample_return", r.outOfSampleReturn());
		return json;
	}

	private static String parameters(Map<String, Double> values) {
		StringBuilder s = new StringBuilder();
		values.forEach((name, value) -> s.append(s.isEmpty() ? "" : ", ").append(name).append('=').append(Formats.plain(value)));
		return s.toString();
	}

	/**
	 * Prints progress lines every --every seconds (none with --quiet or --json) until the work ends, then
	 * its final text; with --wait or --json the command returns only then.
	 */
	private void watch(PrintStream out, Arguments a, Supplier<String> progress, CompletableFuture<String> finalText)
			throws UsageException, InterruptedException {
		double every = a.doubleValue("--every", 2, 0.1, 3600);
		WorkCommands.Watch watch = new WorkCommands.Watch(out, progress, false);
		ScheduledFuture<?> ticker = a.has("--quiet") || a.has("--json") ? null
				: scheduler.scheduleAtFixedRate(watch::tick, Math.round(every * 1000), Math.round(every * 1000),
						TimeUnit.MILLISECONDS);
		finalText.whenComplete((text, error) -> {
			if (ticker != null) {
				ticker.cancel(false);
			}
			watch.finish(text != null ? text : "ended with " + CommandRunner.message(CommandRunner.unwrap(error)) + "\n");
		});
		if (a.has("--wait") || a.has("--json")) {
			watch.awaitLastLine();
		}
	}
}
