package io.backstop.builder.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.CancellationToken;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildPhase;
import io.backstop.builder.BuildRequest;
import io.backstop.builder.BuildSession;
import io.backstop.builder.IterationOutcome;
import io.backstop.builder.SessionState;
import io.backstop.data.OhlcvSeries;
import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatMessage;
import io.backstop.llm.ChatRequest;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;
import io.backstop.run.Formats;
import io.backstop.strategies.workspace.CandidateStrategy;
import io.backstop.strategies.workspace.CompileProblem;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.sweep.SweepMetrics;

/**
 * One builder session: its iterations on a thread of its own, each phase's work on a worker thread
 * the session waits for, so that {@link #halt(String)} ends the wait at once and abandons the work
 * (the model's reply aborted, the compile left behind, the backtest cancelled and its thread
 * interrupted, which ends a strategy loop that never returns). A session read from disk is the same
 * object, ended.
 */
final class SessionRunner implements BuildSession {

	private static final Logger LOG = Logger.getLogger(SessionRunner.class.getName());
	/** javac on a cold JVM takes seconds; a compile that takes this long is abandoned. */
	private static final Duration COMPILE_BUDGET = Duration.ofSeconds(60);
	/** How long halted work has to return before its thread is reported stuck. */
	private static final long ACKNOWLEDGE_MILLIS = 1000;

	/** The session was halted while waiting for a phase's work. */
	private static final class Halted extends Exception {
		private static final long serialVersionUID = 1L;
	}

	/** The model could not answer (not reachable, error, timeout): the session cannot go on. */
	private static final class ModelFailed extends Exception {
		private static final long serialVersionUID = 1L;

		ModelFailed(String message, Throwable cause) {
			super(message, cause);
		}
	}

	/** A phase's work ran past its budget; {@code stuck} when its thread did not return once interrupted. */
	private static final class Overrun extends Exception {
		private static final long serialVersionUID = 1L;
		final boolean stuck;

		Overrun(boolean stuck) {
			this.stuck = stuck;
		}
	}

	/** One backtest's outcome: its figures, or why it gave none. */
	private record Run(Parameters parameters, Map<String, Double> figures, String failure) {
	}

	/** What a running session uses; null for a session read from disk until it is continued. */
	record Engine(OllamaClient ollama, StrategyWorkspace workspace, OhlcvSeries series, RunSettings settings) {
	}

	private final String id;
	private final Path directory;
	private final BuildRequest request;
	private final String model;
	private final String dataName;
	private final Engine engine;
	private final List<BuildIteration> iterations = new CopyOnWriteArrayList<>();
	private final CompletableFuture<BuildSession> completion = new CompletableFuture<>();
	private final CompletableFuture<String> halted = new CompletableFuture<>();
	private final AtomicReference<Runnable> abandonCurrent = new AtomicReference<>();
	private final List<String> stuck = new CopyOnWriteArrayList<>();
	private volatile SessionState state;
	private volatile BuildPhase phase = BuildPhase.IDLE;
	private volatile String progress = "";
	private volatile String message;
	private volatile String currentSource = "";
	private volatile long haltRequestedNanos;
	private volatile double haltMillis = Double.NaN;

	/** A session as it was saved, ended; or a new or continued one with an engine, to {@link #start()}. */
	SessionRunner(SessionFiles.Saved saved, Path directory, List<BuildIteration> done, Engine engine) {
		this.id = saved.id();
		this.directory = directory;
		this.request = saved.request();
		this.model = saved.model();
		this.dataName = saved.dataName();
		this.engine = engine;
		this.iterations.addAll(done);
		// a session still marked running on disk was running when Backstop ended
		this.state = engine == null && saved.state() == SessionState.RUNNING ? SessionState.STOPPED : saved.state();
		this.message = engine == null && saved.state() == SessionState.RUNNING
				? "interrupted: Backstop ended while it ran; continue it to go on"
				: saved.message();
		this.progress = message;
		done.stream().reduce((a, b) -> b).filter(last -> last.source() != null && Files.isRegularFile(last.source()))
				.ifPresent(last -> currentSource = read(last.source()));
		if (engine == null) {
			completion.complete(this);
		}
	}

	/** Starts the iterations on a thread of the session's own. */
	void start() {
		state = SessionState.RUNNING;
		message = "";
		Thread thread = new Thread(this::run, "builder " + id);
		thread.setDaemon(true);
		thread.start();
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public BuildRequest request() {
		return request;
	}

	@Override
	public String model() {
		return model;
	}

	@Override
	public String dataName() {
		return dataName;
	}

	@Override
	public Path directory() {
		return directory;
	}

	@Override
	public SessionState state() {
		return state;
	}

	@Override
	public BuildPhase phase() {
		return phase;
	}

	@Override
	public String progress() {
		return progress;
	}

	@Override
	public String message() {
		return message;
	}

	@Override
	public List<BuildIteration> iterations() {
		return List.copyOf(iterations);
	}

	@Override
	public String currentSource() {
		return currentSource;
	}

	@Override
	public Optional<BuildIteration> best() {
		// a ruined iteration ranks below every other, whatever its score (see SweepMetrics.ruined)
		Comparator<BuildIteration> byScore = Comparator.comparingDouble(BuildIteration::score);
		Comparator<BuildIteration> best = Comparator
				.comparing((BuildIteration it) -> !SweepMetrics.ruined(it.figures()))
				.thenComparing(request.metric().maximise() ? byScore : byScore.reversed());
		return iterations.stream().filter(BuildIteration::tested).filter(it -> !Double.isNaN(it.score())).max(best);
	}

	@Override
	public CompletableFuture<BuildSession> completion() {
		return completion;
	}

	@Override
	public boolean halt(String reason) {
		if (state.isFinished() || !halted.complete(reason)) {
			return false;
		}
		haltRequestedNanos = System.nanoTime();
		Runnable abandon = abandonCurrent.get();
		if (abandon != null) {
			abandon.run();
		}
		return true;
	}

	/** Milliseconds from the halt request to the session's end; NaN unless it was halted. */
	double haltMillis() {
		return haltMillis;
	}

	/** The threads of abandoned work that did not return, with where they were. */
	List<String> stuck() {
		return List.copyOf(stuck);
	}

	private void run() {
		SessionState end = SessionState.COMPLETED;
		String why;
		try {
			save(SessionState.RUNNING, "");
			for (int n = iterations.size() + 1; n <= request.iterations() && !halted.isDone(); n++) {
				BuildIteration it = iterate(n);
				iterations.add(it);
				SessionFiles.writeIteration(directory, it);
			}
			if (halted.isDone()) {
				end = SessionState.STOPPED;
				why = "halted " + haltedWhere() + ": " + halted.getNow("");
			} else {
				why = Formats.count(iterations.size()) + " iterations done" + best().map(
						b -> "; best " + String.format(Locale.ROOT, "%02d", b.number()) + " with " + request.metric().metric()
								+ " " + Formats.number(b.score())).orElse("; none tested");
			}
		} catch (ModelFailed e) {
			end = SessionState.FAILED;
			why = e.getMessage();
		} catch (IOException | RuntimeException e) {
			LOG.log(Level.WARNING, "builder session " + id + " failed", e);
			end = SessionState.FAILED;
			why = "failed: " + e;
		}
		finish(end, why);
	}

	private String haltedWhere() {
		BuildIteration last = iterations.isEmpty() ? null : iterations.get(iterations.size() - 1);
		return last != null && last.outcome() == IterationOutcome.HALTED ? last.reason() : "between iterations";
	}

	private void finish(SessionState end, String why) {
		if (!stuck.isEmpty()) {
			why += "; abandoned and stuck: " + String.join(", ", stuck);
		}
		phase = BuildPhase.IDLE;
		message = why;
		progress = why;
		try {
			save(end, why);
		} catch (IOException e) {
			LOG.log(Level.WARNING, "cannot save builder session " + id, e);
		}
		if (haltRequestedNanos != 0) {
			haltMillis = (System.nanoTime() - haltRequestedNanos) / 1e6;
		}
		state = end;
		completion.complete(this);
	}

	private void save(SessionState saved, String why) throws IOException {
		SessionFiles.writeSession(directory, new SessionFiles.Saved(id, request, model, dataName, saved, why));
	}

	/** The class the model writes in iteration {@code n}: {@code Build_20261202_184500_03}. */
	String className(int n) {
		return "Build_" + id.replace('-', '_') + String.format("_%02d", n);
	}

	private BuildIteration iterate(int n) throws IOException, ModelFailed {
		SessionFiles.setAside(directory, n);
		Path folder = SessionFiles.iterationDirectory(directory, n);
		Files.createDirectories(folder);
		String className = className(n);
		IterationDraft draft = new IterationDraft(n, className);
		try {
			return tryIteration(folder, draft);
		} catch (Halted e) {
			BuildIteration halt = draft.ended(IterationOutcome.HALTED, "while " + phase.label() + " iteration " + n);
			SessionFiles.writeIteration(directory, halt);
			return halt;
		}
	}

	/** What an iteration has so far, for the result it ends with at any point. */
	private final class IterationDraft {
		final int number;
		final String className;
		String idea = "";
		Path source;
		int fixes;

		IterationDraft(int number, String className) {
			this.number = number;
			this.className = className;
		}

		BuildIteration ended(IterationOutcome outcome, String reason) {
			return new BuildIteration(number, outcome, idea, reason, className, source, fixes, Map.of(), Map.of(), 0,
					Double.NaN, "");
		}
	}

	private BuildIteration tryIteration(Path folder, IterationDraft draft) throws IOException, Halted, ModelFailed {
		int n = draft.number;
		String strategyId = draft.className.toLowerCase(Locale.ROOT);
		List<ChatMessage> chat = new ArrayList<>();
		chat.add(ChatMessage.system(Prompts.system(engine.workspace().template(draft.className))));
		SessionFiles.write(directory.resolve("system.prompt.md"), chat.get(0).content());

		enter(BuildPhase.PROPOSING, n, "");
		draft.idea = Replies.idea(ask(folder, "propose", chat, Prompts.propose(request, dataName, n, iterations), true));

		enter(BuildPhase.WRITING, n, "");
		String source = Replies.source(ask(folder, "code", chat, Prompts.write(draft.className, strategyId), false),
				draft.className);
		CandidateStrategy candidate;
		while (true) {
			draft.source = folder.resolve(draft.className + ".java");
			SessionFiles.write(draft.source, source);
			currentSource = source;
			enter(BuildPhase.COMPILING, n, draft.fixes == 0 ? "" : " (fix " + draft.fixes + ")");
			Path file = draft.source;
			try {
				candidate = await("compile", () -> engine.workspace().compileCandidate(file), COMPILE_BUDGET, null, false);
			} catch (Overrun e) {
				return draft.ended(IterationOutcome.FAILED, "compiling took longer than "
						+ Formats.duration(COMPILE_BUDGET) + " and was abandoned");
			} catch (ExecutionException e) {
				return draft.ended(IterationOutcome.FAILED, "the compiler failed: " + e.getCause());
			}
			List<String> problems = candidate.problems().stream().map(CompileProblem::inFile).toList();
			SessionFiles.append(folder.resolve("compile.log"), "compile " + (draft.fixes + 1) + ": "
					+ (problems.isEmpty() ? "compiled" : problems.size() + " problem(s)\n" + String.join("\n", problems)));
			if (candidate.strategy().isPresent()) {
				break;
			}
			if (draft.fixes == request.maxFixes()) {
				return draft.ended(IterationOutcome.FAILED, (draft.fixes == 0 ? "does not compile: "
						: "does not compile after " + draft.fixes + (draft.fixes == 1 ? " fix: " : " fixes: "))
						+ problems.get(0) + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : ""));
			}
			draft.fixes++;
			enter(BuildPhase.WRITING, n, " (fix " + draft.fixes + ")");
			source = Replies.source(ask(folder, "fix-" + draft.fixes, chat, Prompts.fix(problems), false), draft.className);
		}
		Strategy strategy = candidate.strategy().get();

		enter(BuildPhase.BACKTESTING, n, "");
		Run base = backtest(strategy, strategy.defaults());
		if (base.failure() != null) {
			SessionFiles.write(folder.resolve("runs.csv"), runsCsv(List.of(base)));
			return draft.ended(IterationOutcome.FAILED, base.failure());
		}
		List<Run> runs = new ArrayList<>(List.of(base));
		List<Parameters> grid = SmallGrid.of(strategy.parameters(), request.sweepBudget());
		for (int k = 0; k < grid.size(); k++) {
			enter(BuildPhase.SWEEPING, n, " (" + (k + 1) + " of " + grid.size() + ")");
			runs.add(backtest(strategy, grid.get(k)));
		}
		SessionFiles.write(folder.resolve("runs.csv"), runsCsv(runs));
		Run best = bestOf(runs);

		enter(BuildPhase.ANALYSING, n, "");
		String analysis = Replies.analysis(ask(folder, "analysis", chat,
				Prompts.analyse(request, base.figures(), best.figures(), best.parameters().asMap(), runs.size()), true));
		Double score = best.figures().get(request.metric().metric());
		return new BuildIteration(n, IterationOutcome.TESTED, draft.idea, "", draft.className, draft.source, draft.fixes,
				best.figures(), best.parameters().asMap(), runs.size(), score == null ? Double.NaN : score, analysis);
	}

	private void enter(BuildPhase next, int n, String detail) {
		phase = next;
		progress = "iteration " + n + " of " + request.iterations() + ": " + next.label() + detail;
	}

	private Run bestOf(List<Run> runs) {
		String metric = request.metric().metric();
		Comparator<Run> byMetric = Comparator.comparingDouble(r -> r.figures().getOrDefault(metric, Double.NaN));
		Comparator<Run> best = Comparator.comparing((Run r) -> !SweepMetrics.ruined(r.figures()))
				.thenComparing(request.metric().maximise() ? byMetric : byMetric.reversed());
		return runs.stream().filter(r -> r.failure() == null && !Double.isNaN(r.figures().getOrDefault(metric, Double.NaN)))
				.max(best).orElse(runs.get(0));
	}

	/**
	 * Sends one user message and waits for the streamed reply, keeping both beside the iteration's
	 * other files; a halt aborts the reply in flight.
	 */
	private String ask(Path folder, String step, List<ChatMessage> chat, String prompt, boolean json)
			throws IOException, Halted, ModelFailed {
		chat.add(ChatMessage.user(prompt));
		SessionFiles.write(folder.resolve(step + ".prompt.md"), prompt);
		ChatExchange exchange = engine.ollama().chat(new ChatRequest(model, chat, json, Map.of()), token -> {
		});
		String reply;
		try {
			reply = await("model reply", () -> exchange.await().content(), null, () -> exchange.abort("builder halted"),
					true);
		} catch (Overrun cannotHappen) {
			throw new IllegalStateException("a model reply has no budget", cannotHappen);
		} catch (ExecutionException e) {
			String partial = exchange.partialContent();
			if (!partial.isEmpty()) {
				SessionFiles.write(folder.resolve(step + ".reply.partial.md"), partial);
			}
			Throwable cause = e.getCause();
			throw new ModelFailed("the model failed while " + phase.label() + ": "
					+ (cause instanceof OllamaException o ? o.getMessage() : String.valueOf(cause)), cause);
		}
		SessionFiles.write(folder.resolve(step + ".reply.md"), reply);
		chat.add(ChatMessage.assistant(reply));
		return reply;
	}

	/** One backtest of the candidate within the run budget, on a worker thread; a halt cancels and interrupts it. */
	private Run backtest(Strategy strategy, Parameters parameters) throws Halted {
		AtomicBoolean cancelled = new AtomicBoolean();
		CancellationToken token = cancelled::get;
		try {
			BacktestResult result = await("backtest", () -> strategy.runForFigures(engine.series(), parameters,
					engine.settings(), token, null), request.runBudget(), () -> cancelled.set(true), true);
			double[] values = new double[SweepMetrics.FIGURES.size()];
			SweepMetrics.write(result.metrics(), values);
			Map<String, Double> figures = new LinkedHashMap<>();
			for (int i = 0; i < values.length; i++) {
				figures.put(SweepMetrics.FIGURES.get(i), values[i]);
			}
			return new Run(result.parameters(), figures, null);
		} catch (Overrun e) {
			String budget = Formats.duration(request.runBudget());
			return new Run(parameters, Map.of(), e.stuck
					? "ran past its time budget of " + budget + " and its thread did not stop (stuck)"
					: "ran past its time budget of " + budget + " and was abandoned");
		} catch (ExecutionException e) {
			Throwable cause = e.getCause();
			return new Run(parameters, Map.of(), cause instanceof IllegalArgumentException
					? "throws: " + cause.getMessage()
					: "throws: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
		}
	}

	private static String runsCsv(List<Run> runs) {
		List<String> parameterNames = runs.stream().flatMap(r -> r.parameters().asMap().keySet().stream()).distinct()
				.toList();
		StringBuilder csv = new StringBuilder(String.join(",", parameterNames));
		csv.append(parameterNames.isEmpty() ? "" : ",").append(String.join(",", SweepMetrics.FIGURES)).append(",failure\n");
		for (Run r : runs) {
			List<String> cells = new ArrayList<>();
			parameterNames.forEach(p -> cells.add(r.parameters().has(p) ? Double.toString(r.parameters().getDouble(p)) : ""));
			SweepMetrics.FIGURES.forEach(f -> cells.add(r.figures().containsKey(f) ? Double.toString(r.figures().get(f)) : ""));
			cells.add(r.failure() == null ? "" : '"' + r.failure().replace("\"", "\"\"") + '"');
			csv.append(String.join(",", cells)).append('\n');
		}
		return csv.toString();
	}

	/**
	 * Runs {@code work} on a worker thread and waits for it, for {@code budget} at most (null: no
	 * budget), or until the session is halted. Halted or over budget, the work is abandoned:
	 * {@code abort} runs and, when {@code interrupt}, the worker is interrupted (which ends strategy
	 * code in a loop); a worker that does not return within {@value #ACKNOWLEDGE_MILLIS} ms of that is
	 * reported stuck and left behind.
	 *
	 * @throws ExecutionException with what the work threw
	 */
	private <T> T await(String what, Callable<T> work, Duration budget, Runnable abort, boolean interrupt)
			throws Halted, Overrun, ExecutionException {
		CompletableFuture<T> done = new CompletableFuture<>();
		Thread worker = new Thread(() -> {
			try {
				done.complete(work.call());
			} catch (Throwable t) {
				done.completeExceptionally(t);
			}
		}, "builder " + id + ": " + what);
		worker.setDaemon(true);
		Runnable abandon = () -> {
			if (abort != null) {
				abort.run();
			}
			if (interrupt) {
				worker.interrupt();
			}
		};
		abandonCurrent.set(abandon);
		try {
			if (halted.isDone()) {
				throw new Halted();
			}
			worker.start();
			try {
				CompletableFuture.anyOf(done, halted).get(budget == null ? Long.MAX_VALUE : budget.toMillis(),
						TimeUnit.MILLISECONDS);
			} catch (TimeoutException overBudget) {
				abandon.run();
				throw new Overrun(!acknowledged(done, worker, what, interrupt));
			} catch (ExecutionException workFailed) {
				// done failed: reported below
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				halt("the session's thread was interrupted");
			}
			if (halted.isDone()) {
				// halt() ran the abandon already
				acknowledged(done, worker, what, interrupt);
				throw new Halted();
			}
			try {
				return done.get();
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new Halted();
			}
		} finally {
			abandonCurrent.set(null);
		}
	}

	/** Waits briefly for abandoned work to return; false (and reported stuck) when it does not. */
	private boolean acknowledged(CompletableFuture<?> done, Thread worker, String what, boolean waited) {
		if (!waited) {
			// a compile is left to finish on its own: nothing of it is used
			return true;
		}
		try {
			done.get(ACKNOWLEDGE_MILLIS, TimeUnit.MILLISECONDS);
			return true;
		} catch (TimeoutException e) {
			StackTraceElement[] frames = worker.getStackTrace();
			stuck.add(worker.getName() + (frames.length == 0 ? "" : " at " + frames[0]));
			return false;
		} catch (ExecutionException e) {
			return true;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		} catch (IOException e) {
			return "";
		}
	}

	@Override
	public String toString() {
		return "builder session " + id + " (" + state.label() + ", " + iterations.size() + " of " + request.iterations()
				+ " iterations" + (iterations.isEmpty() ? "" : ": " + iterations.stream()
						.map(it -> it.outcome().label()).collect(Collectors.joining(", "))) + ")";
	}
}
