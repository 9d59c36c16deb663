package io.backstop.llm.internal;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

import io.backstop.estop.api.StepResult;
import io.backstop.estop.api.StepStatus;
import io.backstop.estop.api.StopContext;
import io.backstop.estop.api.StopSignal;
import io.backstop.estop.api.Stoppable;
import io.backstop.estop.api.TypedConfiguration;
import io.backstop.estop.api.Workspace;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentService;
import io.backstop.llm.AgentSpec;
import io.backstop.llm.AgentState;
import io.backstop.llm.Evaluator;
import io.backstop.llm.OllamaClient;

/**
 * Starts agent runs as Eclipse Jobs and halts them. It is also the emergency stop's band-100
 * step {@value #STEP_ID}: the stop signal's callback halts every run the moment the stop is
 * requested, and the step then waits for them to acknowledge and reports them.
 */
@Component(service = { AgentService.class, Stoppable.class }, configurationPid = AgentService.PID, property = {
		Stoppable.ORDER + ":Integer=100", Stoppable.TIMEOUT_MS + ":Long=2000" })
@Designate(ocd = AgentConfiguration.class)
public final class AgentManager implements AgentService, Stoppable {

	public static final String STEP_ID = "llm.agents";
	private static final int FINISHED_KEPT = 100;
	private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private final Map<String, AgentLoop> runs = new LinkedHashMap<>();
	/** Runs the signal halted that no stop step has reported yet. */
	private final Set<AgentLoop> haltedBySignal = new LinkedHashSet<>();
	private final Map<StopSignal, StopSignal.Registration> signals = new IdentityHashMap<>();
	private final AtomicInteger sequence = new AtomicInteger();
	private volatile StopSignal signal;
	private Path logDir;

	@Reference
	private OllamaClient ollama;

	/** A new log directory applies to the runs started after it. */
	@Activate
	@Modified
	void activate(BundleContext context, AgentConfiguration config) {
		Workspace workspace = Workspace.of(context.getProperty(Workspace.INSTANCE_AREA));
		logDir = TypedConfiguration.apply(AgentService.PID, AgentConfiguration.class, config,
				configured -> configured.log_dir().isBlank() ? workspace.resolve("llm-runs")
						: Path.of(configured.log_dir().strip()),
				logDir != null ? logDir : workspace.resolve("llm-runs"));
	}

	@Deactivate
	void deactivate() {
		for (AgentRun run : haltAll("the LLM agent service is stopping")) {
			try {
				run.result().get(1, TimeUnit.SECONDS);
			} catch (Exception e) {
				// the run's job ends on its own once its evaluation polls the flag
			}
		}
	}

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
	void bindStopSignal(StopSignal s) {
		StopSignal.Registration registration = s.onRaise(() -> {
			List<AgentRun> halted = haltAll("emergency stop");
			synchronized (runs) {
				halted.forEach(r -> haltedBySignal.add((AgentLoop) r));
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
	public AgentRun start(AgentSpec spec, Evaluator evaluator) {
		StopSignal s = signal;
		if (s != null) {
			s.ensureLowered("LLM optimisation of " + spec.strategyId());
		}
		String id = "llm-" + LocalDateTime.now().format(ID_TIME) + "-" + sequence.incrementAndGet();
		AgentLoop loop = new AgentLoop(id, spec, evaluator, ollama, logDir.resolve(id + ".jsonl"), this::signalRaised);
		synchronized (runs) {
			runs.put(id, loop);
			prune();
		}
		new AgentJob(loop).schedule();
		return loop;
	}

	private boolean signalRaised() {
		StopSignal s = signal;
		return s != null && s.isRaised();
	}

	@Override
	public List<AgentRun> active() {
		return runs().stream().filter(r -> !r.state().isFinal()).toList();
	}

	@Override
	public List<AgentRun> runs() {
		synchronized (runs) {
			return List.copyOf(runs.values());
		}
	}

	@Override
	public Optional<AgentRun> find(String id) {
		synchronized (runs) {
			return Optional.ofNullable(runs.get(id));
		}
	}

	@Override
	public List<AgentRun> haltAll(String reason) {
		List<AgentRun> halted = new ArrayList<>();
		for (AgentRun run : active()) {
			if (run.halt(reason)) {
				halted.add(run);
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
		return "Halt LLM agents and abort their model requests";
	}

	@Override
	public StepResult stop(StopContext context) throws InterruptedException {
		long t0 = System.nanoTime();
		Set<AgentLoop> affected = new LinkedHashSet<>();
		int requests = 0;
		for (AgentRun run : active()) {
			requests += run.isWaitingForModel() ? 1 : 0;
			run.halt("emergency stop: " + context.reason());
			affected.add((AgentLoop) run);
		}
		synchronized (runs) {
			affected.addAll(haltedBySignal);
			haltedBySignal.clear();
		}
		if (affected.isEmpty()) {
			return StepResult.skipped("no LLM agent was running");
		}
		context.progress("halting " + affected.size() + " LLM agent(s)");
		List<String> components = new ArrayList<>();
		List<String> stuck = new ArrayList<>();
		for (AgentLoop run : affected) {
			// leave a margin so this step reports before its own deadline
			long waitMillis = Math.max(0, context.remaining().toMillis() - 50);
			try {
				run.result().get(waitMillis, TimeUnit.MILLISECONDS);
				components.add("LLM agent " + run.id() + " (" + run.spec().strategyId() + ")");
			} catch (TimeoutException e) {
				stuck.add(run.id() + " (" + run.progress() + ")");
			} catch (java.util.concurrent.ExecutionException e) {
				components.add("LLM agent " + run.id() + " (" + run.spec().strategyId() + ")");
			}
		}
		double millis = (System.nanoTime() - t0) / 1e6;
		String detail = "halted " + components.size() + " LLM agent(s) in " + String.format(java.util.Locale.ROOT, "%.1f", millis)
				+ " ms" + (requests > 0 ? ", aborted " + requests + " model request(s) in flight" : "");
		Map<String, Long> counters = Map.of("agents.halted", (long) components.size(), "agents.stuck",
				(long) stuck.size(), "requests.aborted", (long) requests);
		if (!stuck.isEmpty()) {
			String error = "not halted before the deadline: " + String.join(", ", stuck);
			return new StepResult(StepStatus.FAILED, detail + "; " + error, components, 0, counters, error);
		}
		return StepResult.cleaned(detail, 0, components).withCounters(counters);
	}

	private void prune() {
		int finished = (int) runs.values().stream().filter(r -> r.state().isFinal()).count();
		var it = runs.values().iterator();
		while (finished > FINISHED_KEPT && it.hasNext()) {
			if (it.next().state().isFinal()) {
				it.remove();
				finished--;
			}
		}
	}
}
