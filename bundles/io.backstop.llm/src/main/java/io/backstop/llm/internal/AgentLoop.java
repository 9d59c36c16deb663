package io.backstop.llm.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import io.backstop.llm.AgentResult;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.AgentState;
import io.backstop.llm.ChatExchange;
import io.backstop.llm.ChatMessage;
import io.backstop.llm.ChatRequest;
import io.backstop.llm.Evaluator;
import io.backstop.llm.IterationRecord;
import io.backstop.llm.OllamaClient;
import io.backstop.llm.OllamaException;
import io.backstop.llm.ParameterSpec;
import io.backstop.llm.internal.Decision.Action;
import io.backstop.sweep.SweepMetrics;

/**
 * One optimisation run: ask the model, validate, evaluate, feed back, repeat. {@link #run()}
 * does the work on the calling thread (an Eclipse Job's, or a test's); every other method is
 * safe from any thread.
 */
public final class AgentLoop implements AgentRun {

	private final String id;
	private final AgentSpec spec;
	private final Evaluator evaluator;
	private final OllamaClient client;
	private final Path logFile;
	private final BooleanSupplier externalHalt;
	private final Instant startedAt = Instant.now();
	private final PromptBuilder prompts;
	private final ReplyParser parser;
	private final CompletableFuture<AgentResult> result = new CompletableFuture<>();
	private final List<IterationRecord> iterations = new CopyOnWriteArrayList<>();
	private final AtomicBoolean started = new AtomicBoolean();
	private volatile IterationRecord best;
	private volatile AgentState state = AgentState.RUNNING;
	private volatile String haltReason;
	private volatile ChatExchange inFlight;
	private volatile String partialReply = "";
	private volatile String phase = "scheduled";
	private volatile Consumer<AgentLoop> onIteration = r -> {
	};
	private IterationLog log;

	/**
	 * @param externalHalt polled between steps and by the evaluator, for example the emergency
	 *                     stop signal; {@link #halt(String)} is the immediate way
	 */
	public AgentLoop(String id, AgentSpec spec, Evaluator evaluator, OllamaClient client, Path logFile,
			BooleanSupplier externalHalt) {
		this.id = id;
		this.spec = spec;
		this.evaluator = evaluator;
		this.client = client;
		this.logFile = logFile;
		this.externalHalt = externalHalt == null ? () -> false : externalHalt;
		this.prompts = new PromptBuilder(spec);
		this.parser = new ReplyParser(spec.parameters());
	}

	/** Called on the run's thread after each evaluated iteration, for progress reporting. */
	public void onIteration(Consumer<AgentLoop> listener) {
		this.onIteration = listener;
	}

	/** Runs the loop to its end on this thread; never throws. */
	public AgentResult run() {
		if (!started.compareAndSet(false, true)) {
			return result.join();
		}
		try (IterationLog opened = new IterationLog(logFile)) {
			log = opened;
			log.start(id, spec, client.baseUri().toString(), prompts.system());
			phase = "started";
			return loop();
		} catch (IOException | UncheckedIOException e) {
			return finish(AgentState.FAILED, e.getMessage());
		} catch (RuntimeException e) {
			return finish(AgentState.FAILED, "unexpected error: " + e);
		}
	}

	private AgentResult loop() {
		String system = prompts.system();
		String lastSweep = null;
		while (true) {
			if (halted()) {
				return finish(AgentState.HALTED, haltReason);
			}
			if (iterations.size() >= spec.maxIterations()) {
				return finish(AgentState.BUDGET_EXHAUSTED, "all " + spec.maxIterations() + " evaluations used");
			}
			int n = iterations.size() + 1;
			List<ChatMessage> messages = new ArrayList<>(
					List.of(ChatMessage.system(system), ChatMessage.user(prompts.turn(iterations, best, lastSweep))));
			lastSweep = null;
			Decision decision = null;
			String reply = null;
			for (int invalid = 0; decision == null;) {
				phase = "asking " + spec.model() + " for evaluation " + n + "/" + spec.maxIterations();
				try {
					reply = ask(messages);
				} catch (OllamaException e) {
					return halted() ? finish(AgentState.HALTED, haltReason) : finish(AgentState.FAILED, e.getMessage());
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					halt("the run's thread was interrupted");
					return finish(AgentState.HALTED, haltReason);
				}
				try {
					decision = parser.parse(reply, best != null);
				} catch (InvalidReplyException e) {
					invalid++;
					log.invalid(id, n, invalid, messages.get(messages.size() - 1).content(), reply, e.getMessage());
					if (invalid > spec.maxInvalidReplies()) {
						return finish(AgentState.FAILED,
								"the model gave " + invalid + " invalid replies in a row; last: " + e.getMessage());
					}
					messages.add(ChatMessage.assistant(reply));
					messages.add(ChatMessage.user(prompts.correction(e.getMessage())));
				}
			}
			String prompt = messages.get(messages.size() - 1).content();
			switch (decision.action()) {
			case ACCEPT, STOP -> {
				log.decision(id, decision.action().wire(), prompt, reply, decision.reasoning());
				return decision.action() == Action.ACCEPT
						? finish(AgentState.ACCEPTED, "the model accepted the best result: " + decision.reasoning())
						: finish(AgentState.STOPPED_BY_MODEL, "the model stopped: " + decision.reasoning());
			}
			case CONTINUE -> {
				phase = "evaluating " + PromptBuilder.values(decision.parameters());
				IterationRecord r = evaluate(n, "continue", decision.parameters(), decision.reasoning());
				if (r == null) {
					return finish(AgentState.HALTED, haltReason);
				}
				record(r, prompt, reply, null);
			}
			case SWEEP -> {
				List<IterationRecord> cells = sweep(n, decision);
				if (cells.isEmpty()) {
					return finish(AgentState.HALTED, haltReason);
				}
				IterationRecord top = cells.get(0);
				for (IterationRecord c : cells) {
					if (beats(c, top)) {
						top = c;
					}
				}
				record(top, prompt, reply, cells);
				lastSweep = prompts.sweepSummary(cells);
			}
			}
		}
	}

	private String ask(List<ChatMessage> messages) throws OllamaException, InterruptedException {
		partialReply = "";
		ChatExchange exchange = client.chat(new ChatRequest(spec.model(), messages, true, Map.of()), token -> {
		});
		inFlight = exchange;
		try {
			// a halt that raced with the assignment above must still abort this request
			if (halted()) {
				exchange.abort(haltReason);
			}
			return exchange.await().content();
		} finally {
			inFlight = null;
			partialReply = exchange.partialContent();
		}
	}

	/** @return null when the run was halted during the evaluation */
	private IterationRecord evaluate(int n, String action, Map<String, Number> parameters, String reasoning) {
		Map<String, Double> metrics;
		String error = null;
		try {
			metrics = evaluator.evaluate(parameters, this::halted);
			metrics = metrics == null ? Map.of() : metrics;
		} catch (Exception e) {
			if (halted()) {
				return null;
			}
			metrics = Map.of();
			error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		}
		double objective = spec.objective().valueOf(metrics);
		if (error == null && !metrics.containsKey(spec.objective().metric())) {
			error = "the results have no metric '" + spec.objective().metric() + "' (they have " + metrics.keySet() + ")";
		}
		return new IterationRecord(n, action, parameters, metrics, objective, reasoning, error);
	}

	private List<IterationRecord> sweep(int n, Decision decision) {
		Map<String, Number> base = new LinkedHashMap<>();
		for (ParameterSpec p : spec.parameters()) {
			Number fallback = best != null ? best.parameters().get(p.name())
					: p.validate(p.type() == ParameterSpec.Type.INTEGER ? Math.round((p.min() + p.max()) / 2)
							: (p.min() + p.max()) / 2);
			base.put(p.name(), decision.parameters().getOrDefault(p.name(), fallback));
		}
		List<Map<String, Number>> grid = SweepGrid.cells(spec.parameters(), base, decision.ranges(),
				spec.maxSweepPoints());
		List<IterationRecord> cells = new ArrayList<>();
		for (int i = 0; i < grid.size() && !halted(); i++) {
			phase = "sweep cell " + (i + 1) + "/" + grid.size() + " of evaluation " + n;
			IterationRecord cell = evaluate(n, "sweep", grid.get(i), decision.reasoning());
			if (cell != null) {
				cells.add(cell);
			}
		}
		return cells;
	}

	/**
	 * Whether {@code candidate} beats {@code incumbent} (none: null): a run that was not ruined beats
	 * one that was ({@link SweepMetrics#ruined(Map)}), whose figures up to the ruin can look better than
	 * any survivor's; otherwise the objective decides.
	 */
	private boolean beats(IterationRecord candidate, IterationRecord incumbent) {
		double incumbentValue = incumbent == null ? Double.NaN : incumbent.objectiveValue();
		if (!Double.isNaN(candidate.objectiveValue()) && !Double.isNaN(incumbentValue)) {
			boolean candidateRuined = SweepMetrics.ruined(candidate.metrics());
			if (candidateRuined != SweepMetrics.ruined(incumbent.metrics())) {
				return !candidateRuined;
			}
		}
		return spec.objective().isBetter(candidate.objectiveValue(), incumbentValue);
	}

	private void record(IterationRecord r, String prompt, String reply, List<IterationRecord> sweepCells) {
		boolean improved = r.error() == null && beats(r, best);
		iterations.add(r);
		if (improved) {
			best = r;
		}
		log.iteration(id, r, prompt, reply, improved, sweepCells);
		phase = "evaluated " + r.iteration() + "/" + spec.maxIterations();
		onIteration.accept(this);
	}


	private AgentResult finish(AgentState end, String reason) {
		IterationRecord b = best;
		AgentResult r = new AgentResult(id, end, reason, b, iterations.size(), logFile);
		if (log != null) {
			try {
				log.end(id, end.name(), reason, iterations.size(), b,
						end == AgentState.HALTED ? partialReply : "");
			} catch (UncheckedIOException e) {
				// the result below still says how the run ended
			}
		}
		state = end;
		phase = end.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + reason;
		result.complete(r);
		return r;
	}

	boolean halted() {
		if (haltReason == null && externalHalt.getAsBoolean()) {
			halt("emergency stop");
		}
		return haltReason != null;
	}

	@Override
	public boolean halt(String reason) {
		if (result.isDone()) {
			return false;
		}
		synchronized (this) {
			if (haltReason == null) {
				haltReason = reason;
			}
		}
		ChatExchange exchange = inFlight;
		if (exchange != null) {
			exchange.abort(reason);
		}
		if (started.compareAndSet(false, true)) {
			// never started (a cancelled job does not run): end it here
			finish(AgentState.HALTED, reason + " (before it started)");
		}
		return true;
	}

	@Override
	public String id() {
		return id;
	}

	@Override
	public AgentSpec spec() {
		return spec;
	}

	@Override
	public Instant startedAt() {
		return startedAt;
	}

	@Override
	public AgentState state() {
		return state;
	}

	@Override
	public List<IterationRecord> iterations() {
		return List.copyOf(iterations);
	}

	@Override
	public Optional<IterationRecord> best() {
		return Optional.ofNullable(best);
	}

	@Override
	public Path logFile() {
		return logFile;
	}

	@Override
	public boolean isWaitingForModel() {
		return inFlight != null;
	}

	@Override
	public String progress() {
		IterationRecord b = best;
		String metric = spec.objective().metric();
		return phase + (b == null ? "" : " (best " + metric + " " + ReplyParser.number(b.objectiveValue()) + ")");
	}

	@Override
	public CompletableFuture<AgentResult> result() {
		return result;
	}
}
