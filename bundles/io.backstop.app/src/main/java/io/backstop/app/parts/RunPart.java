package io.backstop.app.parts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.event.Event;

import io.backstop.app.model.AgentRunner;
import io.backstop.app.model.BacktestJob;
import io.backstop.app.model.SweepRunner;
import io.backstop.app.model.Session;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Parameters;
import io.backstop.backtest.RunSettings;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.StopSignal;
import io.backstop.indicators.IndicatorCache;
import io.backstop.llm.AgentRun;
import io.backstop.llm.AgentService;
import io.backstop.llm.OllamaClient;
import io.backstop.sweep.SweepService;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Run view: strategy, mode (Backtest, Sweep, LLM optimisation), the strategy's parameters
 * or their ranges, and Run. Work runs as Eclipse Jobs; the view only collects the input.
 */
public class RunPart {

	/** What Run starts. */
	public enum Mode {
		BACKTEST("Backtest"), SWEEP("Sweep"), LLM("LLM optimisation");

		final String label;

		Mode(String label) {
			this.label = label;
		}
	}

	private static final int REFRESH_MILLIS = 500;
	private static final String RESULTS_VIEW_ID = "io.backstop.app.part.results";

	@Inject
	private Session session;

	@Inject
	@Optional
	private StopSignal signal;

	@Inject
	@Optional
	private StrategyRegistry registryService;

	@Inject
	@Optional
	private IndicatorCache cache;

	@Inject
	@Optional
	private SweepService sweepService;

	@Inject
	@Optional
	private AgentService agentService;

	@Inject
	@Optional
	private OllamaClient ollama;

	@Inject
	@Optional
	private EPartService partService;

	private StrategyRegistry registry;
	private Composite root;
	private Combo strategyCombo;
	private Label description;
	private final Map<Mode, Button> modeButtons = new LinkedHashMap<>();
	private Group parametersGroup;
	private final Map<String, Text[]> fields = new LinkedHashMap<>();
	private Label combinations;
	private Text iterations;
	private Button runButton;
	private Label status;
	private Mode mode = Mode.BACKTEST;
	private Strategy strategy;
	private Runnable unsubscribe;

	@PostConstruct
	public void create(Composite parent) {
		registry = registryService != null ? registryService : StrategyRegistry.standard();
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(2, false));

		new Label(root, SWT.NONE).setText("Strategy:");
		strategyCombo = new Combo(root, SWT.READ_ONLY);
		GridData comboLayout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		comboLayout.widthHint = 150;
		strategyCombo.setLayoutData(comboLayout);
		for (Strategy s : registry.all()) {
			strategyCombo.add(s.displayName() + " (" + s.id() + ")");
		}
		strategyCombo.addListener(SWT.Selection, e -> selectStrategy(registry.all().get(strategyCombo.getSelectionIndex())));

		description = new Label(root, SWT.WRAP);
		GridData descriptionLayout = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		descriptionLayout.widthHint = 200;
		description.setLayoutData(descriptionLayout);

		new Label(root, SWT.NONE).setText("Mode:");
		Composite modes = new Composite(root, SWT.NONE);
		GridLayout modesLayout = new GridLayout(1, false);
		modesLayout.marginWidth = 0;
		modesLayout.marginHeight = 0;
		modesLayout.verticalSpacing = 2;
		modes.setLayout(modesLayout);
		for (Mode m : Mode.values()) {
			Button radio = new Button(modes, SWT.RADIO);
			radio.setText(m.label);
			radio.addListener(SWT.Selection, e -> {
				if (radio.getSelection()) {
					setMode(m);
				}
			});
			modeButtons.put(m, radio);
		}

		parametersGroup = new Group(root, SWT.NONE);
		parametersGroup.setText("Parameters");
		parametersGroup.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

		combinations = new Label(root, SWT.WRAP);
		GridData combinationsLayout = new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1);
		combinationsLayout.widthHint = 200;
		combinations.setLayoutData(combinationsLayout);

		runButton = new Button(root, SWT.PUSH);
		runButton.setText("Run");
		GridData runLayout = new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1);
		runLayout.widthHint = 120;
		runButton.setLayoutData(runLayout);
		runButton.addListener(SWT.Selection, e -> run());

		status = new Label(root, SWT.WRAP);
		GridData statusLayout = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		statusLayout.widthHint = 200;
		status.setLayoutData(statusLayout);

		unsubscribe = session.onSeries(series -> root.getDisplay().asyncExec(this::refreshState));
		modeButtons.get(mode).setSelection(true);
		selectStrategy(registry.find(StrategyRegistry.BOLLINGER_ZSCORE).orElse(registry.all().get(0)));
		scheduleRefresh();
	}

	/** Shows a strategy's parameters. */
	public void selectStrategy(Strategy chosen) {
		strategy = chosen;
		strategyCombo.select(registry.all().indexOf(chosen));
		description.setText(chosen.description());
		rebuildParameters();
	}

	public void setMode(Mode newMode) {
		mode = newMode;
		modeButtons.forEach((m, b) -> b.setSelection(m == newMode));
		rebuildParameters();
	}

	private void rebuildParameters() {
		for (Control child : parametersGroup.getChildren()) {
			child.dispose();
		}
		fields.clear();
		iterations = null;
		int columns = switch (mode) {
		case BACKTEST -> 2;
		case SWEEP -> 4;
		case LLM -> 3;
		};
		parametersGroup.setLayout(new GridLayout(columns, false));
		parametersGroup.setText(switch (mode) {
		case BACKTEST -> "Parameters";
		case SWEEP -> "Parameter ranges (start, stop, step)";
		case LLM -> "Bounds the model may choose within (low, high)";
		});
		for (ParameterSpec spec : strategy.parameters()) {
			Label name = new Label(parametersGroup, SWT.NONE);
			name.setText(spec.name());
			name.setToolTipText(spec.description() + " [" + spec.format(spec.min()) + ", " + spec.format(spec.max()) + "]");
			fields.put(spec.name(), switch (mode) {
			case BACKTEST -> new Text[] { field(spec, spec.defaultValue()) };
			case SWEEP -> new Text[] { field(spec, spec.sweepStart()), field(spec, spec.sweepStop()),
					field(spec, spec.sweepStep()) };
			case LLM -> new Text[] { field(spec, Math.min(spec.sweepStart(), spec.sweepStop())),
					field(spec, Math.max(spec.sweepStart(), spec.sweepStop())) };
			});
		}
		if (mode == Mode.LLM) {
			Label label = new Label(parametersGroup, SWT.NONE);
			label.setText("iterations");
			label.setToolTipText("Model turns that evaluate a parameter set (the budget)");
			iterations = new Text(parametersGroup, SWT.BORDER | SWT.RIGHT);
			iterations.setText("10");
			iterations.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			new Label(parametersGroup, SWT.NONE);
		}
		updateCombinations();
		root.layout(true, true);
	}

	private Text field(ParameterSpec spec, double value) {
		Text text = new Text(parametersGroup, SWT.BORDER | SWT.RIGHT);
		text.setText(spec.format(value));
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		layout.widthHint = 42;
		text.setLayoutData(layout);
		text.setToolTipText(spec.description());
		text.addListener(SWT.Modify, e -> updateCombinations());
		return text;
	}

	/** Sets a parameter's value (Backtest) or range (Sweep, LLM). */
	public void setValues(String parameter, double... values) {
		Text[] texts = fields.get(parameter);
		ParameterSpec spec = strategy.parameter(parameter).orElseThrow();
		for (int i = 0; i < texts.length && i < values.length; i++) {
			texts[i].setText(spec.format(values[i]));
		}
	}

	private void updateCombinations() {
		if (mode == Mode.BACKTEST) {
			combinations.setText("");
			return;
		}
		if (mode == Mode.LLM) {
			combinations.setText(ollama == null ? "The Ollama client is not running."
					: "Model: " + ollama.model() + " at " + ollama.baseUri() + " (File > Preferences)");
			return;
		}
		try {
			long count = 1;
			for (double[] values : ranges().values()) {
				count *= values.length;
			}
			combinations.setText(String.format("%,d combinations", count));
		} catch (IllegalArgumentException e) {
			combinations.setText(e.getMessage());
		}
	}

	/** The values each parameter takes in a sweep, from the range fields. */
	Map<String, double[]> ranges() {
		Map<String, double[]> ranges = new LinkedHashMap<>();
		for (ParameterSpec spec : strategy.parameters()) {
			Text[] texts = fields.get(spec.name());
			double start = number(spec, texts[0]);
			double stop = number(spec, texts[1]);
			if (texts.length == 2) {
				if (stop < start) {
					throw new IllegalArgumentException(spec.name() + ": high is below low");
				}
				ranges.put(spec.name(), new double[] { spec.validate(start), spec.validate(stop) });
				continue;
			}
			double step = number(spec, texts[2]);
			double[] values = spec.range(start, stop, step);
			for (double v : values) {
				spec.validate(v);
			}
			if (values.length == 0) {
				throw new IllegalArgumentException(spec.name() + ": the range is empty");
			}
			ranges.put(spec.name(), values);
		}
		return ranges;
	}

	/** The single run's values, from the value fields. */
	Parameters values() {
		Map<String, Double> map = new LinkedHashMap<>();
		for (ParameterSpec spec : strategy.parameters()) {
			map.put(spec.name(), spec.validate(number(spec, fields.get(spec.name())[0])));
		}
		return Parameters.of(map);
	}

	private static double number(ParameterSpec spec, Text text) {
		try {
			return Double.parseDouble(text.getText().trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(spec.name() + ": not a number: \"" + text.getText() + "\"");
		}
	}

	/**
	 * Starts the chosen mode; returns the backtest's or sweep's Job, or null when nothing was
	 * started (the status says why) or the LLM agent started its own Job.
	 */
	public Job run() {
		OhlcvSeries series = session.series();
		if (series == null) {
			status("Open data first (Data view).");
			return null;
		}
		if (signal != null && signal.isRaised()) {
			status("Refused: the emergency stop is active. Press Reset in the Emergency Stop view to run new work.");
			return null;
		}
		try {
			Job job = switch (mode) {
			case BACKTEST -> new BacktestJob(session, strategy, series, values(), RunSettings.defaults(), signal, cache);
			case SWEEP -> startSweep(series);
			case LLM -> startAgent(series);
			};
			if (job == null) {
				return null;
			}
			if (mode == Mode.BACKTEST) {
				job.addJobChangeListener(new org.eclipse.core.runtime.jobs.JobChangeAdapter() {
					@Override
					public void done(org.eclipse.core.runtime.jobs.IJobChangeEvent event) {
						finished(job.getName() + ": " + (event.getResult().isOK() ? "done" : event.getResult().getMessage()));
					}
				});
				job.schedule();
			}
			status("Started: " + job.getName());
			return job;
		} catch (IllegalArgumentException | IllegalStateException e) {
			status(e.getMessage());
			return null;
		}
	}

	private Job startSweep(OhlcvSeries series) {
		if (sweepService == null) {
			status("Sweeps are not available: the sweep service is not running.");
			return null;
		}
		return SweepRunner.start(sweepService, session, strategy.id(), series, ranges(), RunSettings.defaults(),
				status -> finished(String.format("Sweep %s %s: %,d of %,d combinations; the best are in Results.",
						status.id(), status.state().name().toLowerCase(), status.combosDone(), status.combosTotal())));
	}

	/** Starts the agent; returns null as the agent's Job is its own. */
	private Job startAgent(OhlcvSeries series) {
		if (agentService == null) {
			status("LLM optimisation is not available: the agent service is not running.");
			return null;
		}
		int budget;
		try {
			budget = Integer.parseInt(iterations.getText().trim());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException("iterations: not a whole number: \"" + iterations.getText() + "\"");
		}
		AgentRun run = AgentRunner.start(agentService, session, strategy, series, ranges(), RunSettings.defaults(), cache,
				budget, ollama == null ? OllamaClient.DEFAULT_MODEL : ollama.model(), result -> finished("LLM optimisation " + result.state().name().toLowerCase()
						+ ": " + result.reason() + "; " + result.iterations() + " iterations in Results."));
		// the agent schedules its own Job (family AgentService.JOB_FAMILY), shown in the Progress view
		status("Started: LLM optimisation " + run.id() + " with " + run.spec().model());
		return null;
	}

	/** A run ended: say so and bring its rows forward (any thread). */
	private void finished(String message) {
		if (root.isDisposed()) {
			return;
		}
		root.getDisplay().asyncExec(() -> {
			if (!root.isDisposed()) {
				status(message);
				refreshState();
				if (partService != null) {
					partService.showPart(RESULTS_VIEW_ID, PartState.VISIBLE);
				}
			}
		});
	}

	@Inject
	@Optional
	void onStopEvent(@UIEventTopic(StopEvents.TOPIC_ALL) Event event) {
		refreshState();
	}

	private void refreshState() {
		if (runButton == null || runButton.isDisposed()) {
			return;
		}
		boolean raised = signal != null && signal.isRaised();
		boolean enabled = !raised && session.series() != null;
		runButton.setEnabled(enabled);
		runButton.setToolTipText(raised ? "The emergency stop is active: reset it to run new work"
				: session.series() == null ? "Open data first" : "Run " + mode.label);
	}

	private void scheduleRefresh() {
		refreshState();
		root.getDisplay().timerExec(REFRESH_MILLIS, () -> {
			if (!root.isDisposed()) {
				scheduleRefresh();
			}
		});
	}

	private void status(String text) {
		status.setText(text);
		root.layout(true, true);
	}

	@PreDestroy
	void dispose() {
		if (unsubscribe != null) {
			unsubscribe.run();
		}
	}

	// --- for tests ---


	Button runButton() {
		return runButton;
	}

	String statusText() {
		return status.getText();
	}

	void setIterations(int budget) {
		iterations.setText(Integer.toString(budget));
	}

	String combinationsText() {
		return combinations.getText();
	}

	Strategy strategy() {
		return strategy;
	}

	StrategyRegistry registry() {
		return registry;
	}
}
