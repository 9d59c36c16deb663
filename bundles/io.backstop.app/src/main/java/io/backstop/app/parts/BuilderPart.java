package io.backstop.app.parts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.backstop.app.model.JavaSyntax;
import io.backstop.builder.BuildIteration;
import io.backstop.builder.BuildPhase;
import io.backstop.builder.BuildRequest;
import io.backstop.builder.BuildSession;
import io.backstop.builder.BuilderService;
import io.backstop.builder.Promotion;
import io.backstop.run.Formats;
import io.backstop.strategies.workspace.WorkspaceStrategy;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Builder view: an objective in words, Build, and a session's progress phase by phase, the
 * source being compiled or run, its iterations with their figures, and Promote. Every action is a
 * call to the strategy builder service; the view only shows what it answers.
 */
public class BuilderPart {

	/** A running session is read again this often. */
	private static final int REFRESH_MILLIS = 500;
	private static final List<BuildPhase> PHASES = List.of(BuildPhase.PROPOSING, BuildPhase.WRITING,
			BuildPhase.COMPILING, BuildPhase.BACKTESTING, BuildPhase.SWEEPING, BuildPhase.ANALYSING);

	@Inject
	private BuilderService builder;

	@Inject
	private UISynchronize sync;

	private Composite root;
	private Text objective;
	private Spinner iterations;
	private Text model;
	private Combo sessionChoice;
	private Label summary;
	private final List<Label> phaseLabels = new ArrayList<>();
	private Table table;
	private StyledText source;
	private Text promoteName;
	private Label status;
	private List<BuildSession> sessions = List.of();
	private BuildSession shown;
	private String shownSource = "";
	private int shownIterations = -1;

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(1, false));

		Composite ask = row(7);
		new Label(ask, SWT.NONE).setText("Objective");
		objective = new Text(ask, SWT.BORDER);
		objective.setData("id", "builder.objective");
		objective.setMessage("e.g. a trend follower for BTC 5m that avoids chop");
		objective.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		objective.addListener(SWT.DefaultSelection, e -> start());
		new Label(ask, SWT.NONE).setText("Iterations");
		iterations = new Spinner(ask, SWT.BORDER);
		iterations.setValues(BuildRequest.DEFAULT_ITERATIONS, 1, 100, 0, 1, 5);
		iterations.setData("id", "builder.iterations");
		new Label(ask, SWT.NONE).setText("Model");
		model = new Text(ask, SWT.BORDER);
		model.setData("id", "builder.model");
		model.setMessage("the configured model");
		model.setLayoutData(new GridData(140, SWT.DEFAULT));
		button(ask, "Build", "builder.start", "Start a session on the open data", this::start);

		Composite pick = row(5);
		new Label(pick, SWT.NONE).setText("Session");
		sessionChoice = new Combo(pick, SWT.READ_ONLY);
		sessionChoice.setData("id", "builder.sessions");
		sessionChoice.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		sessionChoice.addListener(SWT.Selection, e -> {
			int index = sessionChoice.getSelectionIndex();
			show(index < 0 || index >= sessions.size() ? null : sessions.get(index));
		});
		button(pick, "Continue", "builder.continue", "Continue the session from what it saved", this::resume);
		button(pick, "Halt", "builder.halt", "Halt the session; what it did stays on disk", this::halt);
		button(pick, "Refresh", "builder.refresh", "Read the sessions again", this::reloadSessions);

		summary = new Label(root, SWT.WRAP);
		summary.setData("id", "builder.summary");
		summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Composite phases = row(PHASES.size());
		for (BuildPhase phase : PHASES) {
			Label label = new Label(phases, SWT.BORDER | SWT.CENTER);
			label.setText(" " + phase.label() + " ");
			label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			phaseLabels.add(label);
		}

		SashForm split = new SashForm(root, SWT.HORIZONTAL);
		split.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		table = new Table(split, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		table.setData("id", "builder.iterations.table");
		table.setHeaderVisible(true);
		for (String header : List.of("#", "Outcome", "Objective", "Sharpe", "Return %", "Max DD %", "Trades", "Runs",
				"Fixes", "Idea", "Reason")) {
			boolean text = List.of("#", "Outcome", "Idea", "Reason").contains(header);
			TableColumn column = new TableColumn(table, text ? SWT.LEFT : SWT.RIGHT);
			column.setText(header);
			column.setWidth(switch (header) {
			case "#" -> 40;
			case "Idea", "Reason" -> 260;
			default -> 80;
			});
		}
		table.addListener(SWT.Selection, e -> showSelectedSource());
		source = new StyledText(split, SWT.MULTI | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL | SWT.READ_ONLY);
		source.setData("id", "builder.source");
		source.setFont(JFaceResources.getTextFont());
		split.setWeights(55, 45);

		Composite promote = row(3);
		promoteName = new Text(promote, SWT.BORDER);
		promoteName.setData("id", "builder.promote.name");
		promoteName.setMessage("Name in your strategies, e.g. TrendFollower (blank: the generated name)");
		promoteName.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		button(promote, "Promote", "builder.promote",
				"Add the selected iteration (else the best) to your strategies, where every run can use it", this::promote);
		status = new Label(promote, SWT.WRAP);
		status.setData("id", "builder.status");
		status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));

		reloadSessions();
		scheduleRefresh();
	}

	private Composite row(int columns) {
		Composite row = new Composite(root, SWT.NONE);
		GridLayout layout = new GridLayout(columns, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		row.setLayout(layout);
		row.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		return row;
	}

	private static void button(Composite parent, String label, String id, String tooltip, Runnable action) {
		Button button = new Button(parent, SWT.PUSH);
		button.setText(label);
		button.setData("id", id);
		button.setToolTipText(tooltip);
		button.addListener(SWT.Selection, e -> action.run());
	}

	private void scheduleRefresh() {
		root.getDisplay().timerExec(REFRESH_MILLIS, () -> {
			if (!root.isDisposed()) {
				if (shown != null) {
					show(shown);
				}
				scheduleRefresh();
			}
		});
	}

	/** Starts a session with what is typed. */
	public void start() {
		try {
			BuildRequest request = BuildRequest.of(objective.getText()).withIterations(iterations.getSelection())
					.withModel(model.getText().isBlank() ? null : model.getText().strip());
			BuildSession started = builder.start(request);
			showStatus("Started session " + started.id() + " on " + started.dataName() + " with " + started.model());
			reloadSessions();
			select(started);
		} catch (RuntimeException e) {
			showProblem(e.getMessage());
		}
	}

	private void resume() {
		if (shown == null) {
			showProblem("Choose a session to continue");
			return;
		}
		String id = shown.id();
		CompletableFuture.supplyAsync(() -> {
			try {
				return builder.resume(id, 0);
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		}).whenComplete((resumed, failure) -> sync.asyncExec(() -> {
			if (root.isDisposed()) {
				return;
			}
			if (failure != null) {
				showProblem(failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage());
			} else {
				showStatus("Continuing session " + resumed.id());
				reloadSessions();
				select(resumed);
			}
		}));
	}

	private void halt() {
		if (shown == null || !shown.halt("halted from the Builder view")) {
			showProblem("No running session chosen");
		}
	}

	private void promote() {
		if (shown == null) {
			showProblem("Choose a session to promote from");
			return;
		}
		int index = table.getSelectionIndex();
		List<BuildIteration> its = shown.iterations();
		int number = index < 0 || index >= its.size() ? 0 : its.get(index).number();
		String name = promoteName.getText().isBlank() ? null : promoteName.getText().strip();
		String session = shown.id();
		showStatus("Promoting " + (number == 0 ? "the best iteration" : "iteration " + number) + " of " + session + "…");
		// promote compiles the source up to three times: off the UI thread
		CompletableFuture.supplyAsync(() -> {
			try {
				return builder.promote(session, number, name);
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e.getMessage(), e);
			}
		}).whenComplete((promotion, failure) -> sync.asyncExec(() -> {
			if (root.isDisposed()) {
				return;
			}
			if (failure != null) {
				Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
						? failure.getCause()
						: failure;
				showProblem(cause.getMessage());
				return;
			}
			WorkspaceStrategy promoted = promotion.strategy();
			if (promoted.registered()) {
				showStatus("Promoted to " + promoted.file().getFileName() + ": strategy "
						+ promoted.strategyId().orElseThrow() + " is in the Run view; " + promotion.defaults());
			} else {
				showProblem("Written to " + promoted.file().getFileName() + " but it does not compile there: "
						+ promoted.problems().get(0));
			}
		}));
	}

	/** Reads the sessions (from disk too) off the UI thread and offers them. */
	public void reloadSessions() {
		CompletableFuture.supplyAsync(builder::sessions).whenComplete((list, failure) -> sync.asyncExec(() -> {
			if (root.isDisposed() || failure != null) {
				return;
			}
			String current = shown == null ? null : shown.id();
			sessions = list;
			sessionChoice.setItems(list.stream().map(s -> s.id() + "  " + s.state().label() + "  " + s.request().objective())
					.toArray(String[]::new));
			BuildSession again = list.stream().filter(s -> s.id().equals(current)).findFirst()
					.orElse(list.isEmpty() ? null : list.get(0));
			select(again);
		}));
	}

	private void select(BuildSession session) {
		int index = session == null ? -1 : sessions.stream().map(BuildSession::id).toList().indexOf(session.id());
		if (index >= 0) {
			sessionChoice.select(index);
		}
		shownIterations = -1;
		show(session);
	}

	private void show(BuildSession session) {
		shown = session;
		if (session == null) {
			summary.setText("No builder session yet: type an objective and Build");
			root.layout(true, true);
			return;
		}
		summary.setText("Session " + session.id() + " (" + session.state().label() + "), " + session.model() + " on "
				+ session.dataName() + ", " + session.request().metric().describe() + ": " + session.progress());
		for (int k = 0; k < PHASES.size(); k++) {
			boolean current = PHASES.get(k) == session.phase();
			Label label = phaseLabels.get(k);
			label.setBackground(current ? root.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION) : null);
			label.setForeground(current ? root.getDisplay().getSystemColor(SWT.COLOR_LIST_SELECTION_TEXT) : null);
		}
		List<BuildIteration> its = session.iterations();
		if (its.size() != shownIterations) {
			shownIterations = its.size();
			table.removeAll();
			int best = session.best().map(BuildIteration::number).orElse(-1);
			for (BuildIteration it : its) {
				TableItem item = new TableItem(table, SWT.NONE);
				item.setText(new String[] { String.format(Locale.ROOT, "%02d", it.number()), it.outcome().label(),
						figure(it.score()), figure(it.figures().get("sharpe")), figure(it.figures().get("total_return_pct")),
						figure(it.figures().get("max_drawdown_pct")), figure(it.figures().get("trades")),
						Formats.count(it.runs()), Integer.toString(it.fixes()), it.idea(), it.reason() });
				if (!it.tested()) {
					item.setForeground(1, table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
				}
				if (it.number() == best) {
					item.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
				}
			}
		}
		if (table.getSelectionIndex() < 0) {
			showSource(session.currentSource());
		}
		root.layout(true, true);
	}

	private void showSelectedSource() {
		int index = table.getSelectionIndex();
		List<BuildIteration> its = shown == null ? List.of() : shown.iterations();
		if (index >= 0 && index < its.size() && its.get(index).source() != null) {
			try {
				showSource(java.nio.file.Files.readString(its.get(index).source()));
			} catch (java.io.IOException e) {
				showProblem("cannot read " + its.get(index).source() + ": " + e.getMessage());
			}
		}
	}

	private void showSource(String text) {
		if (text.equals(shownSource)) {
			return;
		}
		shownSource = text;
		source.setText(text);
		List<StyleRange> ranges = new ArrayList<>();
		for (JavaSyntax.Token t : JavaSyntax.tokens(text)) {
			StyleRange range = new StyleRange(t.start(), t.length(), colour(t.kind()), null);
			if (t.kind() == JavaSyntax.Kind.KEYWORD) {
				range.fontStyle = SWT.BOLD;
			}
			ranges.add(range);
		}
		source.setStyleRanges(ranges.toArray(StyleRange[]::new));
	}

	private org.eclipse.swt.graphics.Color colour(JavaSyntax.Kind kind) {
		int swtColour = switch (kind) {
		case KEYWORD -> SWT.COLOR_DARK_MAGENTA;
		case STRING -> SWT.COLOR_DARK_BLUE;
		case COMMENT -> SWT.COLOR_DARK_GREEN;
		};
		return root.getDisplay().getSystemColor(swtColour);
	}

	private static String figure(Double value) {
		return value == null || value.isNaN() ? "—" : Formats.number(value);
	}

	private void showStatus(String text) {
		status.setForeground(null);
		status.setText(text);
		root.layout(true, true);
	}

	private void showProblem(String text) {
		status.setForeground(root.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		status.setText(text);
		root.layout(true, true);
	}
}
