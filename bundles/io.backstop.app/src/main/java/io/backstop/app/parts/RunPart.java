package io.backstop.app.parts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Preference;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.event.Event;
import org.osgi.service.prefs.BackingStoreException;

import io.backstop.app.model.AppPreferences;
import io.backstop.app.model.ModelChoice;
import io.backstop.app.model.RunForm;
import io.backstop.app.model.RunFormInbox;
import io.backstop.app.model.RunForms;
import io.backstop.app.model.RunSettingsForm;
import io.backstop.backtest.ParameterSpec;
import io.backstop.backtest.Ruin;
import io.backstop.backtest.Sizing;
import io.backstop.backtest.Strategy;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.StopSignal;
import io.backstop.llm.InstalledModel;
import io.backstop.llm.OllamaClient;
import io.backstop.run.DateRange;
import io.backstop.run.Formats;
import io.backstop.run.RunEvents;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.run.RunState;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Run view: strategy, kind of run, what is typed for each parameter, the run settings
 * (remembered across restarts), for an LLM run the server and model the agent will use, and Run.
 * The run service reads and checks what is typed and runs it; this view shows what it answers.
 */
public class RunPart {

	private static final int REFRESH_MILLIS = 500;
	private static final String RESULTS_VIEW_ID = "io.backstop.app.part.results";
	private static final Map<RunKind, String> KIND_LABELS = Map.of(RunKind.BACKTEST, "Backtest", RunKind.SWEEP, "Sweep",
			RunKind.LLM, "LLM optimisation");
	/** The kinds this view runs, in their order; searches and walk-forwards are the Optimise view's. */
	private static final List<RunKind> KINDS = List.of(RunKind.BACKTEST, RunKind.SWEEP, RunKind.LLM);

	@Inject
	private RunService runs;

	@Inject
	@Optional
	private StopSignal signal;

	@Inject
	@Optional
	private OllamaClient ollama;

	@Inject
	@Optional
	private EPartService partService;

	@Inject
	private RunFormInbox inbox;

	@Inject
	@Preference(nodePath = AppPreferences.NODE)
	private IEclipsePreferences preferences;

	/** Scrolls the view when the window leaves it less height than its controls need. */
	private ScrolledComposite scroll;
	private Composite root;
	private Combo strategyCombo;
	private Label description;
	private final Map<RunKind, Button> kindButtons = new LinkedHashMap<>();
	private Group parametersGroup;
	private final Map<String, Text> fields = new LinkedHashMap<>();
	private Label combinations;
	private Text fromText;
	private Text toText;
	private Group objectiveGroup;
	private Combo objectiveMetric;
	private Combo objectiveDirection;
	private Spinner topK;
	private Spinner workers;
	private Button onCluster;
	private final List<Control> sweepOnly = new ArrayList<>();
	/** Workers and the cluster: a sweep's, a search's and a walk-forward's. */
	private final List<Control> spreadable = new ArrayList<>();
	private Group llmGroup;
	private Label llmServer;
	private Combo llmModel;
	private Label llmNotice;
	private Spinner iterations;
	private RunSettingsForm settings;
	private Label sizingValueLabel;
	private Button runButton;
	private Label status;
	/** True while the status shows what is wrong with the run settings. */
	private boolean statusShowsSettings;
	private RunForms forms;
	private RunForm form;
	private Runnable stopListening;

	@PostConstruct
	public void create(Composite parent) {
		scroll = new ScrolledComposite(parent, SWT.V_SCROLL);
		scroll.setExpandHorizontal(true);
		scroll.setExpandVertical(true);
		root = new Composite(scroll, SWT.NONE);
		root.setLayout(new GridLayout(2, false));
		scroll.setContent(root);
		scroll.addListener(SWT.Resize, e -> relayout());

		new Label(root, SWT.NONE).setText("Strategy:");
		strategyCombo = new Combo(root, SWT.READ_ONLY);
		strategyCombo.setData("id", "run.strategy");
		GridData comboLayout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		comboLayout.widthHint = 150;
		strategyCombo.setLayoutData(comboLayout);
		showStrategies();
		strategyCombo.addListener(SWT.Selection, e -> selectStrategy(runs.strategies().get(strategyCombo.getSelectionIndex())));

		description = new Label(root, SWT.WRAP);
		description.setLayoutData(wide(2));

		new Label(root, SWT.NONE).setText("Mode:");
		Composite kinds = new Composite(root, SWT.NONE);
		GridLayout kindsLayout = new GridLayout(KINDS.size(), false);
		kindsLayout.marginWidth = 0;
		kindsLayout.marginHeight = 0;
		kindsLayout.verticalSpacing = 2;
		kinds.setLayout(kindsLayout);
		for (RunKind kind : KINDS) {
			Button radio = new Button(kinds, SWT.RADIO);
			radio.setText(KIND_LABELS.get(kind));
			radio.setData("id", "run.kind." + kind.name().toLowerCase());
			radio.addListener(SWT.Selection, e -> {
				if (radio.getSelection()) {
					setKind(kind);
				}
			});
			kindButtons.put(kind, radio);
		}

		createRangeFields();

		parametersGroup = new Group(root, SWT.NONE);
		parametersGroup.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		combinations = new Label(root, SWT.WRAP);
		combinations.setData("id", "run.combinations");
		combinations.setLayoutData(wide(2));
		createObjectiveGroup();
		createLlmGroup();
		createSettingsGroup();

		runButton = new Button(root, SWT.PUSH);
		runButton.setText("Run");
		runButton.setData("id", "run.button");
		GridData runLayout = new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1);
		runLayout.widthHint = 120;
		runButton.setLayoutData(runLayout);
		runButton.addListener(SWT.Selection, e -> run());

		status = new Label(root, SWT.WRAP);
		status.setData("id", "run.status");
		status.setLayoutData(wide(2));

		form = firstForm();
		kindButtons.get(form.kind()).setSelection(true);
		selectStrategy(form.strategy());
		scheduleRefresh();
		stopListening = inbox.listen(this::showDelivered);
	}

	/** From and to: the bars of the open data a run uses. */
	private void createRangeFields() {
		new Label(root, SWT.NONE).setText("Bars:");
		Composite range = new Composite(root, SWT.NONE);
		GridLayout layout = new GridLayout(4, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		range.setLayout(layout);
		range.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		fromText = rangeText(range, "from", "run.from", "The first day (2025-05-01) or minute (2025-05-01 14:30), UTC; "
				+ "blank for the first bar");
		toText = rangeText(range, "to", "run.to", "The last day (2025-05-31, included) or minute, UTC; blank for the last bar");
	}

	private static Text rangeText(Composite parent, String label, String id, String tooltip) {
		new Label(parent, SWT.NONE).setText(label);
		Text text = new Text(parent, SWT.BORDER);
		text.setData("id", id);
		text.setMessage("yyyy-mm-dd");
		text.setToolTipText(tooltip);
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
		layout.widthHint = 90;
		text.setLayoutData(layout);
		return text;
	}

	/** What a sweep or an LLM run ranks by, and a sweep's top K and workers. */
	private void createObjectiveGroup() {
		objectiveGroup = new Group(root, SWT.NONE);
		objectiveGroup.setText("Objective");
		objectiveGroup.setLayout(new GridLayout(4, false));
		objectiveGroup.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		objectiveMetric = new Combo(objectiveGroup, SWT.READ_ONLY);
		objectiveMetric.setData("id", "run.objective");
		objectiveMetric.setToolTipText("The figure that ranks the combinations");
		objectiveMetric.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		objectiveDirection = new Combo(objectiveGroup, SWT.READ_ONLY);
		objectiveDirection.setData("id", "run.direction");
		objectiveDirection.setItems("maximise", "minimise");
		objectiveDirection.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		Listener objectiveChanged = e -> form.setObjective(new RunObjective(objectiveMetric.getText(),
				objectiveDirection.getSelectionIndex() == 0));
		objectiveMetric.addListener(SWT.Selection, objectiveChanged);
		objectiveDirection.addListener(SWT.Selection, objectiveChanged);
		Label topKLabel = new Label(objectiveGroup, SWT.NONE);
		topKLabel.setText("Top K:");
		topK = new Spinner(objectiveGroup, SWT.BORDER);
		topK.setData("id", "run.topk");
		topK.setValues(RunRequest.DEFAULT_TOP_K, 1, 10_000, 0, 1, 10);
		topK.setToolTipText("How many best combinations the sweep keeps and adds to Results");
		topK.addListener(SWT.Modify, e -> form.setTopK(topK.getSelection()));
		Label workersLabel = new Label(objectiveGroup, SWT.NONE);
		workersLabel.setText("Workers:");
		workers = new Spinner(objectiveGroup, SWT.BORDER);
		workers.setData("id", "run.workers");
		workers.setValues(0, 0, 1024, 0, 1, 4);
		workers.setToolTipText("Worker threads; 0 for one per processor ("
				+ Runtime.getRuntime().availableProcessors() + " here)");
		workers.addListener(SWT.Modify, e -> form.setWorkers(workers.getSelection()));
		onCluster = new Button(objectiveGroup, SWT.CHECK);
		onCluster.setText("Run on cluster");
		onCluster.setData("id", "run.cluster");
		onCluster.setToolTipText("Spread the sweep's ranges or the search's points over the members of the cluster "
				+ "(start Backstop with --cluster, or turn the cluster on in Preferences)");
		onCluster.addListener(SWT.Selection, e -> form.setCluster(onCluster.getSelection()));
		sweepOnly.addAll(List.of(topKLabel, topK));
		spreadable.addAll(List.of(workersLabel, workers, onCluster));
		for (Control control : List.of(topKLabel, topK, workersLabel, workers, onCluster)) {
			control.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, control instanceof Spinner, false));
		}
		((GridData) onCluster.getLayoutData()).horizontalSpan = 4;
	}

	/** Shows what another view handed over: its strategy, mode and inputs. */
	private void showDelivered(RunFormInbox.Delivery delivery) {
		if (root.isDisposed()) {
			return;
		}
		form = forms.form(runs.strategy(delivery.strategyId()), delivery.kind());
		form.setInputs(delivery.inputs());
		kindButtons.forEach((k, b) -> b.setSelection(k == delivery.kind()));
		selectStrategy(form.strategy());
		status(delivery.note());
	}

	private void createLlmGroup() {
		llmGroup = new Group(root, SWT.NONE);
		llmGroup.setText("LLM");
		llmGroup.setLayout(new GridLayout(2, false));
		GridData layout = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		llmGroup.setLayoutData(layout);
		llmServer = new Label(llmGroup, SWT.WRAP);
		llmServer.setData("id", "llm.server");
		llmServer.setLayoutData(wide(2));
		new Label(llmGroup, SWT.NONE).setText("Model:");
		llmModel = new Combo(llmGroup, SWT.READ_ONLY);
		llmModel.setData("id", "llm.model");
		llmModel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		llmNotice = new Label(llmGroup, SWT.WRAP);
		llmNotice.setData("id", "llm.notice");
		llmNotice.setLayoutData(wide(2));
		Label label = new Label(llmGroup, SWT.NONE);
		label.setText("Iterations:");
		label.setToolTipText("Model turns that evaluate a parameter set (the budget)");
		iterations = new Spinner(llmGroup, SWT.BORDER);
		iterations.setData("id", "llm.iterations");
		iterations.setValues(RunRequest.DEFAULT_LLM_ITERATIONS, 1, 1000, 0, 1, 10);
	}

	private void createSettingsGroup() {
		settings = RunSettingsForm.recall(key -> preferences.get(key, null));
		Group group = new Group(root, SWT.NONE);
		group.setText("Run settings");
		group.setLayout(new GridLayout(4, false));
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		settingText(group, "Capital:", RunSettingsForm.CAPITAL, settings.capital(), settings::setCapital,
				"Equity at the first bar, in the data's currency", 1);
		settingText(group, "Fees (bps):", RunSettingsForm.FEES_BPS, settings.feesBps(), settings::setFeesBps,
				"Fee per side in basis points of the notional (10 = 0.1 %)", 1);
		settingText(group, "Slippage (bps):", RunSettingsForm.SLIPPAGE_BPS, settings.slippageBps(),
				settings::setSlippageBps, "Adverse price move per fill in basis points", 1);
		Button shorts = new Button(group, SWT.CHECK);
		shorts.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false, 2, 1));
		shorts.setText("Shorts allowed");
		shorts.setData("id", RunSettingsForm.SHORTS);
		shorts.setSelection(settings.shorts());
		shorts.addListener(SWT.Selection, e -> {
			settings.setShorts(shorts.getSelection());
			settingsChanged();
		});
		new Label(group, SWT.NONE).setText("Sizing:");
		Combo sizing = new Combo(group, SWT.READ_ONLY);
		sizing.setData("id", RunSettingsForm.SIZING);
		for (Sizing s : Sizing.values()) {
			sizing.add(s.label());
		}
		sizing.select(settings.sizing().ordinal());
		sizing.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
		sizingValueLabel = new Label(group, SWT.NONE);
		Text sizingValue = settingText(group, null, RunSettingsForm.SIZING_VALUE, settings.sizingValue(),
				settings::setSizingValue, "What the sizing applies: a fraction of equity (1 = all of it), a notional or a quantity",
				3);
		sizing.addListener(SWT.Selection, e -> {
			settings.setSizing(Sizing.values()[sizing.getSelectionIndex()]);
			settingsChanged();
			sizingValue.setFocus();
		});
		new Label(group, SWT.NONE).setText("On ruin:");
		Combo ruin = new Combo(group, SWT.READ_ONLY);
		ruin.setData("id", RunSettingsForm.RUIN);
		ruin.add("stop trading");
		ruin.add("trade on, as the original did");
		ruin.select(settings.ruin().ordinal());
		ruin.setToolTipText("What a run does once its equity reaches zero: stop trading there, figures up to that bar; "
				+ "or trade on with negative equity, as the application Backstop replaces did");
		ruin.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
		ruin.addListener(SWT.Selection, e -> {
			settings.setRuin(Ruin.values()[ruin.getSelectionIndex()]);
			settingsChanged();
		});
		sizingValueLabel.setText(capitalised(settings.sizingValueLabel()) + ":");
	}

	private Text settingText(Group group, String label, String id, String value, Consumer<String> set, String tooltip,
			int columns) {
		if (label != null) {
			new Label(group, SWT.NONE).setText(label);
		}
		Text text = new Text(group, SWT.BORDER | SWT.RIGHT);
		text.setData("id", id);
		text.setText(value);
		text.setToolTipText(tooltip);
		GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false, columns, 1);
		layout.widthHint = 60;
		text.setLayoutData(layout);
		text.addListener(SWT.Modify, e -> {
			set.accept(text.getText());
			settingsChanged();
		});
		return text;
	}

	/** Remembers the settings as typed and says in the status what is wrong with them, if anything. */
	private void settingsChanged() {
		settings.remembered().forEach(preferences::put);
		sizingValueLabel.setText(capitalised(settings.sizingValueLabel()) + ":");
		String problem = settings.problem();
		if (!problem.isEmpty()) {
			problem(problem);
		} else if (statusShowsSettings) {
			status("");
		}
		statusShowsSettings = !problem.isEmpty();
		relayout();
	}

	private static String capitalised(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	/** Strategy services came or went (a bundle, a compiled workspace strategy): the list follows them. */
	@Inject
	@Optional
	void strategiesChanged(@Service List<Strategy> registered) {
		if (strategyCombo != null && !strategyCombo.isDisposed()) {
			strategyCombo.getDisplay().asyncExec(() -> {
				if (!strategyCombo.isDisposed()) {
					showStrategies();
				}
			});
		}
	}

	/** The strategies offered now, the one shown kept selected while it is offered. */
	private void showStrategies() {
		List<Strategy> strategies = runs.strategies();
		strategyCombo.setItems(strategies.stream().map(s -> s.displayName() + " (" + s.id() + ")").toArray(String[]::new));
		if (form != null) {
			strategyCombo.select(strategies.stream().map(Strategy::id).toList().indexOf(form.strategy().id()));
		}
	}

	/** The strategies the combo offers, as shown. */
	public List<String> strategyItems() {
		return List.of(strategyCombo.getItems());
	}

	/** What was chosen last before the restart, if its strategy is still offered; else a z-score backtest. */
	private RunForm firstForm() {
		forms = new RunForms(key -> preferences.get(key, null));
		String[] last = forms.recalledLast();
		if (last != null && kindButtons.containsKey(RunKind.valueOf(last[1]))) {
			for (Strategy offered : runs.strategies()) {
				if (offered.id().equals(last[0])) {
					return forms.form(offered, RunKind.valueOf(last[1]));
				}
			}
		}
		return forms.form(runs.strategy(StrategyRegistry.BOLLINGER_ZSCORE), RunKind.BACKTEST);
	}

	/** Shows a strategy's parameters. */
	public void selectStrategy(Strategy chosen) {
		strategyCombo.select(runs.strategies().indexOf(chosen));
		description.setText(chosen.description());
		form = forms.form(chosen, form.kind());
		rebuildParameters();
	}

	public void setKind(RunKind kind) {
		kindButtons.forEach((k, b) -> b.setSelection(k == kind));
		form = forms.form(form.strategy(), kind);
		rebuildParameters();
		if (kind == RunKind.LLM) {
			listModels();
		}
	}

	private void rebuildParameters() {
		for (Control child : parametersGroup.getChildren()) {
			child.dispose();
		}
		fields.clear();
		parametersGroup.setLayout(new GridLayout(4, false));
		parametersGroup.setText(form.parametersTitle());
		for (ParameterSpec spec : form.strategy().parameters()) {
			Label name = new Label(parametersGroup, SWT.NONE);
			name.setText(spec.name());
			name.setToolTipText(spec.description() + " [" + Formats.plain(spec.min()) + ", " + Formats.plain(spec.max()) + "]");
			Text text = new Text(parametersGroup, SWT.BORDER | SWT.RIGHT);
			text.setData("id", "parameter." + spec.name());
			text.setText(form.input(spec.name()));
			text.setToolTipText(spec.description());
			GridData layout = new GridData(SWT.FILL, SWT.CENTER, true, false);
			layout.widthHint = 60;
			text.setLayoutData(layout);
			text.addListener(SWT.Modify, e -> {
				form.setInput(spec.name(), text.getText());
				combinations.setText(form.combinations());
			});
			fields.put(spec.name(), text);
		}
		combinations.setText(form.combinations());
		showObjective();
		boolean llm = form.kind() == RunKind.LLM;
		llmGroup.setVisible(llm);
		((GridData) llmGroup.getLayoutData()).exclude = !llm;
		relayout();
	}

	/** Shows the form's objective, a sweep's top K, and the workers and cluster of a sweep, search or walk-forward. */
	private void showObjective() {
		boolean ranked = form.kind() != RunKind.BACKTEST;
		objectiveGroup.setVisible(ranked);
		((GridData) objectiveGroup.getLayoutData()).exclude = !ranked;
		if (!ranked) {
			return;
		}
		List<String> metrics = runs.metrics(form.kind(), form.strategy().id());
		if (!metrics.contains(form.objective().metric())) {
			form.setObjective(new RunObjective(metrics.get(0), form.objective().maximise()));
		}
		objectiveMetric.setItems(metrics.toArray(String[]::new));
		objectiveMetric.select(metrics.indexOf(form.objective().metric()));
		objectiveDirection.select(form.objective().maximise() ? 0 : 1);
		boolean sweep = form.kind() == RunKind.SWEEP;
		for (Control control : sweepOnly) {
			control.setVisible(sweep);
			((GridData) control.getLayoutData()).exclude = !sweep;
		}
		boolean spread = sweep || form.kind() == RunKind.SEARCH || form.kind() == RunKind.WALK_FORWARD;
		for (Control control : spreadable) {
			control.setVisible(spread);
			((GridData) control.getLayoutData()).exclude = !spread;
		}
		topK.setSelection(form.topK());
		workers.setSelection(form.workers());
		onCluster.setSelection(form.cluster());
		objectiveGroup.layout(true, true);
	}

	/** Asks the Ollama server for its models, off the UI thread, and offers them. */
	private void listModels() {
		if (ollama == null) {
			llmServer.setText("LLM optimisation is not available: the Ollama client is not running.");
			return;
		}
		OllamaClient client = ollama;
		llmServer.setText("Ollama server: " + client.baseUri() + " (asking for its models...)");
		Job listing = Job.create("List the models of " + client.baseUri(), (IProgressMonitor monitor) -> {
			ModelChoice choice;
			try {
				choice = ModelChoice.listed(client.baseUri(), client.model(),
						client.tags().stream().map(InstalledModel::name).toList());
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return Status.CANCEL_STATUS;
			} catch (Exception e) {
				choice = ModelChoice.unreachable(client.baseUri(), client.model(),
						e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
			}
			ModelChoice offered = choice;
			root.getDisplay().asyncExec(() -> showModels(offered));
			return Status.OK_STATUS;
		});
		listing.setSystem(true);
		listing.schedule();
	}

	private void showModels(ModelChoice choice) {
		if (llmModel.isDisposed()) {
			return;
		}
		llmServer.setText(choice.serverLine());
		llmModel.setItems(choice.models().toArray(String[]::new));
		llmModel.select(choice.models().indexOf(choice.selected()));
		llmNotice.setText(choice.notice());
		relayout();
	}

	/** Types a parameter's input, as a person would. */
	public void setInput(String parameter, String typed) {
		fields.get(parameter).setText(typed);
	}

	/**
	 * Starts what the view holds; returns the run, or null when the service refused it (the
	 * status says why in one line).
	 */
	public RunHandle run() {
		try {
			RunRequest.Builder request = form.request().settings(settings.settings())
					.range(DateRange.parse("from", fromText.getText(), "to", toText.getText()));
			if (form.kind() == RunKind.LLM) {
				request.llmIterations(iterations.getSelection());
				if (llmModel.getSelectionIndex() >= 0) {
					request.llmModel(llmModel.getText());
				}
			}
			RunHandle handle = runs.start(request.build());
			try {
				forms.remembered().forEach(preferences::put);
				preferences.flush();
			} catch (BackingStoreException e) {
				problem("The run settings could not be remembered: " + e.getMessage());
			}
			status("Running: " + handle.origin() + " on " + handle.seriesName());
			handle.completion().thenAccept(outcome -> finished(handle, outcome));
			return handle;
		} catch (RuntimeException e) {
			// one line from the service: a bad parameter or setting, a limit, no data open, the stop raised
			problem(e.getMessage());
			return null;
		}
	}

	/** A run ended: say so and bring its rows forward (any thread). */
	private void finished(RunHandle handle, RunOutcome outcome) {
		if (root.isDisposed()) {
			return;
		}
		root.getDisplay().asyncExec(() -> {
			if (root.isDisposed()) {
				return;
			}
			String rows = outcome.rows().size() == 1 ? "1 row" : Formats.count(outcome.rows().size()) + " rows";
			String line = capitalised(handle.origin()) + " " + outcome.state().label() + " after "
					+ Formats.duration(outcome.elapsed()) + (outcome.message().isEmpty() ? "" : ": " + outcome.message())
					+ "; " + rows + " in Results.";
			if (outcome.state() == RunState.FAILED) {
				problem(line);
			} else {
				status(line);
			}
			refreshState();
			if (partService != null && !outcome.rows().isEmpty()) {
				partService.showPart(RESULTS_VIEW_ID, PartState.VISIBLE);
			}
		});
	}

	@Inject
	@Optional
	void onStopEvent(@UIEventTopic(StopEvents.TOPIC_ALL) Event event) {
		refreshState();
	}

	@Inject
	@Optional
	void onDataOpened(@UIEventTopic(RunEvents.DATA_OPENED) Event event) {
		refreshState();
	}

	private void refreshState() {
		if (runButton == null || runButton.isDisposed()) {
			return;
		}
		boolean raised = signal != null && signal.isRaised();
		boolean data = runs.series().isPresent();
		runButton.setEnabled(!raised && data);
		// only a disabled button explains itself: a tooltip over an enabled one would cover the status line
		runButton.setToolTipText(raised ? "The emergency stop is active: reset it to run new work"
				: !data ? "Open data first" : null);
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
		show(text, null);
	}

	/** Shows what is wrong, in red: why a run did not start or failed. */
	private void problem(String text) {
		show(text, status.getDisplay().getSystemColor(SWT.COLOR_RED));
	}

	private void show(String text, Color color) {
		status.setForeground(color);
		status.setText(text);
		relayout();
		if (!text.isEmpty()) {
			// under Run, which a short window scrolls out of sight
			scroll.showControl(status);
		}
	}

	/** Lays the view out again and lets it scroll over what no longer fits. */
	private void relayout() {
		root.layout(true, true);
		scroll.setMinSize(root.computeSize(scroll.getClientArea().width, SWT.DEFAULT));
	}

	private static GridData wide(int columns) {
		GridData layout = new GridData(SWT.FILL, SWT.TOP, true, false, columns, 1);
		layout.widthHint = 200;
		return layout;
	}

	@PreDestroy
	void dispose() throws BackingStoreException {
		if (stopListening != null) {
			stopListening.run();
		}
		forms.remembered().forEach(preferences::put);
		preferences.flush();
	}

	// --- for tests ---

	Button runButton() {
		return runButton;
	}

	String statusText() {
		return status.getText();
	}

	/** True when the status shows a problem (in red). */
	boolean statusShowsProblem() {
		return status.getForeground().equals(status.getDisplay().getSystemColor(SWT.COLOR_RED));
	}

	void setIterations(int budget) {
		iterations.setSelection(budget);
	}

	String combinationsText() {
		return combinations.getText();
	}

	String llmServerText() {
		return llmServer.getText();
	}

	List<String> llmModels() {
		return List.of(llmModel.getItems());
	}

	String llmNoticeText() {
		return llmNotice.getText();
	}

	Strategy strategy() {
		return form.strategy();
	}

	RunKind kind() {
		return form.kind();
	}

	/** What the parameter fields show, by parameter. */
	Map<String, String> shownInputs() {
		Map<String, String> shown = new LinkedHashMap<>();
		fields.forEach((name, text) -> shown.put(name, text.getText()));
		return shown;
	}
}
