package io.backstop.builder.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildRequest;
import io.backstop.builder.BuildSession;
import io.backstop.builder.BuilderService;
import io.backstop.builder.IterationOutcome;
import io.backstop.builder.Promotion;
import io.backstop.builder.SessionState;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.Workspace;
import io.backstop.llm.OllamaClient;
import io.backstop.run.RunService;
import io.backstop.strategies.workspace.CandidateStrategy;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;
import io.backstop.sweep.SweepMetrics;

/**
 * The {@link BuilderService} and the emergency stop's band-100 step {@value BuilderService#STEP_ID}:
 * the stop signal's callback halts every session the moment the stop is requested; the step then
 * waits for them to save what they did and reports how long each took to halt.
 */
@Component(service = { BuilderService.class, Stoppable.class }, property = { Stoppable.ORDER + ":Integer=100",
		Stoppable.TIMEOUT_MS + ":Long=2000" })
public final class BuilderComponent implements BuilderService, Stoppable {

	private static final Logger LOG = Logger.getLogger(BuilderComponent.class.getName());
	private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	@Reference
	private OllamaClient ollama;
	@Reference
	private StrategyWorkspace workspace;
	@Reference
	private RunService runs;

	private final Map<String, SessionRunner> sessions = new LinkedHashMap<>();
	/** Sessions the signal halted that no stop step has reported yet. */
	private final List<SessionRunner> haltedBySignal = new ArrayList<>();
	private final Map<StopSignal, StopSignal.Registration> signals = new IdentityHashMap<>();
	private volatile StopSignal signal;
	private Path directory;

	@Activate
	void activate(BundleContext context) {
		directory = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA)).resolve("builder");
	}

	@Deactivate
	void deactivate() {
		for (BuildSession s : haltAll("the strategy builder is stopping")) {
			try {
				s.completion().get(2, TimeUnit.SECONDS);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			} catch (ExecutionException | TimeoutException e) {
				LOG.log(Level.WARNING, "builder session " + s.id() + " did not end with the bundle", e);
			}
		}
	}

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	void bindStopSignal(StopSignal s) {
		StopSignal.Registration registration = s.onRaise(() -> {
			// halted and recorded in one step: a stop step running meanwhile either halts a session
			// itself or finds it here, never neither
			synchronized (sessions) {
				haltAll("emergency stop").forEach(h -> haltedBySignal.add((SessionRunner) h));
			}
		});
		synchronized (signals) {
			signals.put(s, registration);
		}
		signal = s;
	}

	void unbindStopSignal(StopSignal s) {
		StopSignal.Registration registration;
		synchronized (signals) {
			registration = signals.remove(s);
			if (signal == s) {
				signal = signals.isEmpty() ? null : signals.keySet().iterator().next();
			}
		}
		if (registration != null) {
			registration.close();
		}
	}

	@Override
	public Path directory() {
		return directory;
	}

	@Override
	public BuildSession start(BuildRequest request) {
		refuseWhileStopped("a strategy builder session");
		if (!SweepMetrics.FIGURES.contains(request.metric().metric())) {
			throw new IllegalArgumentException("objective: unknown metric " + request.metric().metric() + "; one of "
					+ String.join(", ", SweepMetrics.FIGURES));
		}
		OhlcvSeries series = openSeries();
		String model = request.model() != null ? request.model() : ollama.model();
		synchronized (sessions) {
			String id = newId();
			SessionFiles.Saved saved = new SessionFiles.Saved(id, request, model, series.name(), SessionState.RUNNING, "");
			SessionRunner session = new SessionRunner(saved, directory.resolve(id), List.of(), engine(series));
			sessions.put(id, session);
			session.start();
			return session;
		}
	}

	@Override
	public BuildSession resume(String id, int iterations) throws IOException {
		refuseWhileStopped("continuing builder session " + id);
		if (iterations < 0 || iterations > 100) {
			throw new IllegalArgumentException("iterations must be between 1 and 100, not " + iterations);
		}
		BuildSession known = find(id).orElseThrow(() -> unknown(id));
		if (!known.state().isFinished()) {
			throw new IllegalArgumentException("builder session " + id + " is running");
		}
		Path folder = directory.resolve(id);
		SessionFiles.Saved saved = SessionFiles.readSession(folder);
		List<BuildIteration> done = SessionFiles.readIterations(folder).stream()
				.filter(it -> it.outcome() != IterationOutcome.HALTED).toList();
		BuildRequest request = iterations == 0 ? saved.request() : saved.request().withIterations(iterations);
		if (done.size() >= request.iterations()) {
			throw new IllegalArgumentException("builder session " + id + " has done its " + request.iterations()
					+ " iterations; give a larger budget to continue it (--iterations N)");
		}
		OhlcvSeries series = openSeries();
		synchronized (sessions) {
			SessionRunner session = new SessionRunner(new SessionFiles.Saved(id, request, saved.model(), series.name(),
					SessionState.RUNNING, ""), folder, done, engine(series));
			sessions.put(id, session);
			session.start();
			return session;
		}
	}

	private SessionRunner.Engine engine(OhlcvSeries series) {
		return new SessionRunner.Engine(ollama, workspace, series, RunSettings.defaults());
	}

	private OhlcvSeries openSeries() {
		return runs.series().orElseThrow(() -> new IllegalArgumentException(
				"data: none open; open data first (backstop:load, or the Data view)"));
	}

	private void refuseWhileStopped(String work) {
		StopSignal s = signal;
		if (s != null) {
			s.ensureLowered(work);
		}
	}

	private String newId() {
		String base = LocalDateTime.now().format(ID_TIME);
		String id = base;
		for (int k = 2; sessions.containsKey(id) || Files.exists(directory.resolve(id)); k++) {
			id = base + "-" + k;
		}
		return id;
	}

	@Override
	public List<BuildSession> sessions() {
		Map<String, BuildSession> all = new LinkedHashMap<>();
		try {
			for (Path folder : SessionFiles.sessions(directory)) {
				String id = folder.getFileName().toString();
				find(id).ifPresent(s -> all.put(id, s));
			}
		} catch (IOException e) {
			LOG.log(Level.WARNING, "cannot list " + directory, e);
		}
		synchronized (sessions) {
			sessions.forEach(all::putIfAbsent);
		}
		return all.values().stream().sorted((a, b) -> b.id().compareTo(a.id())).toList();
	}

	@Override
	public Optional<BuildSession> find(String id) {
		if (id == null || id.isBlank()) {
			return Optional.empty();
		}
		synchronized (sessions) {
			SessionRunner running = sessions.get(id.strip());
			if (running != null) {
				return Optional.of(running);
			}
		}
		Path folder = directory.resolve(id.strip()).normalize();
		if (!directory.equals(folder.getParent()) || !Files.isRegularFile(folder.resolve(SessionFiles.SESSION))) {
			return Optional.empty();
		}
		try {
			return Optional.of(new SessionRunner(SessionFiles.readSession(folder), folder,
					SessionFiles.readIterations(folder), null));
		} catch (IOException e) {
			LOG.log(Level.WARNING, e.getMessage(), e);
			return Optional.empty();
		}
	}

	@Override
	public Promotion promote(String id, int iteration, String name) throws IOException {
		BuildSession session = find(id).orElseThrow(() -> unknown(id));
		BuildIteration chosen = iteration == 0
				? session.best().orElseThrow(() -> new IllegalArgumentException(
						"builder session " + id + " has no tested iteration to promote"))
				: session.iterations().stream().filter(it -> it.number() == iteration).findFirst()
						.orElseThrow(() -> new IllegalArgumentException("builder session " + id + " has no iteration "
								+ iteration + "; it has " + session.iterations().size()));
		if (!chosen.tested()) {
			throw new IllegalArgumentException("iteration " + chosen.number() + " of builder session " + id
					+ " was not tested (" + chosen.outcome().label() + ": " + chosen.reason() + "); promote a tested one");
		}
		String source = Files.readString(chosen.source(), StandardCharsets.UTF_8);
		String target = name == null || name.isBlank() ? chosen.className() : name.strip();
		// the id the compiled class reports, which is what the model wrote whether or not it was the one asked for
		Strategy asWritten = workspace.compileCandidate(chosen.source()).strategy().orElse(null);
		String writtenId = asWritten == null ? chosen.className().toLowerCase(Locale.ROOT) : asWritten.id();
		String renamed = Replies.rename(source, chosen.className(), target).replace("\"" + writtenId + "\"",
				"\"" + workspace.idOf(target) + "\"");
		Path folder = chosen.source().getParent();
		BestSource best = asWritten == null
				? new BestSource(renamed, "keeps the model's defaults: its source no longer compiles in the session")
				: withBestDefaults(chosen, asWritten.parameters(), renamed, folder.resolve("promoted").resolve(target + ".java"));
		WorkspaceStrategy added = workspace.add(target, best.source());
		SessionFiles.append(folder.resolve("promote.log"), "promoted as " + target + ": " + best.defaults());
		return new Promotion(added, chosen.number(), best.defaults());
	}

	private record BestSource(String source, String defaults) {
	}

	/**
	 * {@code renamed} with the best tested combination's values as the defaults of {@code specs} (the
	 * parameters as the model wrote them), when its compile in {@code check} (inside the session
	 * folder) shows exactly those defaults; else {@code renamed} as it is, with the reason.
	 */
	private BestSource withBestDefaults(BuildIteration chosen, List<ParameterSpec> specs, String renamed, Path check)
			throws IOException {
		BestDefaults.Rewrite rewrite = BestDefaults.apply(renamed, specs, chosen.parameters());
		String kept = "keeps the model's default of " + String.join(", ", rewrite.kept())
				+ " (not written as a number beside its quoted name)";
		if (rewrite.set().isEmpty()) {
			return new BestSource(renamed, rewrite.kept().isEmpty()
					? "keeps the model's defaults: they were the best tested combination" : kept);
		}
		SessionFiles.write(check, rewrite.source());
		Map<String, Double> expected = new LinkedHashMap<>();
		specs.forEach(spec -> expected.put(spec.name(), rewrite.written().getOrDefault(spec.name(), spec.defaultValue())));
		CandidateStrategy rewritten = workspace.compileCandidate(check);
		if (rewritten.strategy().isEmpty()) {
			return new BestSource(renamed, "keeps the model's defaults: with the best values written in it does not"
					+ " compile: " + rewritten.problems().get(0).inFile());
		}
		Map<String, Double> compiled = new LinkedHashMap<>();
		rewritten.strategy().get().parameters().forEach(spec -> compiled.put(spec.name(), spec.defaultValue()));
		if (!compiled.equals(expected)) {
			return new BestSource(renamed, "keeps the model's defaults: with the best values written in, its defaults"
					+ " read " + compiled + " instead of " + expected);
		}
		return new BestSource(rewrite.source(), "defaults from the best tested combination: "
				+ String.join(", ", rewrite.set()) + (rewrite.kept().isEmpty() ? "" : "; " + kept));
	}

	private static IllegalArgumentException unknown(String id) {
		return new IllegalArgumentException("no builder session " + id + "; backstop:build list shows them");
	}

	@Override
	public List<BuildSession> haltAll(String reason) {
		List<SessionRunner> running;
		synchronized (sessions) {
			running = sessions.values().stream().filter(s -> !s.state().isFinished()).toList();
		}
		List<BuildSession> halted = new ArrayList<>();
		for (SessionRunner s : running) {
			if (s.halt(reason)) {
				halted.add(s);
			}
		}
		return halted;
	}

	@Override
	public String id() {
		return STEP_ID;
	}

	@Override
	public String label() {
		return "Halt strategy builder sessions: model replies, compiles, backtests";
	}

	@Override
	public StepResult stop(StopContext context) throws InterruptedException {
		List<SessionRunner> affected = new ArrayList<>();
		for (BuildSession s : haltAll("emergency stop: " + context.reason())) {
			affected.add((SessionRunner) s);
		}
		synchronized (sessions) {
			haltedBySignal.stream().filter(s -> !affected.contains(s)).forEach(affected::add);
			haltedBySignal.clear();
		}
		if (affected.isEmpty()) {
			return StepResult.skipped("no builder session was running");
		}
		context.progress("halting " + affected.size() + " builder session(s)");
		List<String> components = new ArrayList<>();
		List<String> notEnded = new ArrayList<>();
		List<String> stuck = new ArrayList<>();
		for (SessionRunner s : affected) {
			long waitMillis = Math.max(0, context.remaining().toMillis() - 50);
			try {
				s.completion().get(waitMillis, TimeUnit.MILLISECONDS);
				components.add("builder session " + s.id() + " (" + s.message() + ", halted in "
						+ String.format(Locale.ROOT, "%.1f", s.haltMillis()) + " ms)");
				stuck.addAll(s.stuck());
			} catch (TimeoutException e) {
				notEnded.add(s.id() + " (" + s.progress() + ")");
			} catch (ExecutionException e) {
				components.add("builder session " + s.id());
			}
		}
		String detail = "halted " + components.size() + " builder session(s): " + String.join("; ", components);
		Map<String, Long> counters = Map.of("sessions.halted", (long) components.size(), "sessions.stuck",
				(long) (notEnded.size() + stuck.size()));
		if (!notEnded.isEmpty() || !stuck.isEmpty()) {
			String error = (notEnded.isEmpty() ? "" : "not ended before the deadline: " + String.join(", ", notEnded))
					+ (stuck.isEmpty() ? "" : (notEnded.isEmpty() ? "" : "; ") + "threads left behind: " + String.join(", ", stuck));
			return new StepResult(components.isEmpty() ? StepStatus.FAILED : StepStatus.PARTIAL, detail + "; " + error,
					components, 0, counters, error);
		}
		return StepResult.cleaned(detail, 0, components).withCounters(counters);
	}
}
