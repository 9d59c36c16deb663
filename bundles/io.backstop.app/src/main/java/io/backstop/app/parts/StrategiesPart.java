package io.backstop.app.parts;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;

import io.backstop.app.model.StrategyEditorInbox;
import io.backstop.backtest.Strategy;
import io.backstop.strategies.workspace.StrategyWorkspace;
import io.backstop.strategies.workspace.WorkspaceStrategy;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Strategies view: the workspace's strategy sources with their state (compiled, in use,
 * errors) and strategy id; New Strategy writes one from the template, Remove deletes one, opening
 * one shows it in the strategy editor. Every action is a call to the workspace strategies service.
 */
public class StrategiesPart {

	/** The strategy editor's part id in the application model. */
	static final String EDITOR_PART_ID = "io.backstop.app.part.strategyeditor";
	/** The state is read again this often while the view is open, so that "in use" follows runs. */
	private static final int REFRESH_MILLIS = 2_000;

	@Inject
	private StrategyWorkspace workspace;

	@Inject
	private StrategyEditorInbox editorInbox;

	@Inject
	private UISynchronize sync;

	@Inject
	@Optional
	private EPartService partService;

	private Composite root;
	private Table table;
	private Text name;
	private Label status;
	private List<WorkspaceStrategy> shown = List.of();

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(4, false));

		name = new Text(root, SWT.BORDER);
		name.setData("id", "strategies.name");
		name.setMessage("Name, e.g. MyBreakout");
		name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		name.addListener(SWT.DefaultSelection, e -> createStrategy(name.getText()));
		button("New Strategy", "strategies.new", "Write NAME.java from the template and compile it",
				() -> createStrategy(name.getText()));
		button("Open", "strategies.open", "Open the selected strategy in the editor", this::openSelected);
		button("Remove", "strategies.remove", "Withdraw the selected strategy and delete its file", this::removeSelected);

		table = new Table(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE);
		table.setData("id", "strategies.table");
		table.setHeaderVisible(true);
		table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
		for (String header : List.of("Name", "State", "Strategy", "First problem")) {
			TableColumn column = new TableColumn(table, SWT.LEFT);
			column.setText(header);
			column.setWidth(header.equals("First problem") ? 420 : 120);
		}
		table.addListener(SWT.DefaultSelection, e -> openSelected());

		status = new Label(root, SWT.WRAP);
		status.setData("id", "strategies.status");
		status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
		workspace.compilerMissing().ifPresent(this::showProblem);
		refresh();
		scheduleRefresh();
	}

	private void button(String label, String id, String tooltip, Runnable action) {
		Button button = new Button(root, SWT.PUSH);
		button.setText(label);
		button.setData("id", id);
		button.setToolTipText(tooltip);
		button.addListener(SWT.Selection, e -> action.run());
	}

	/** Strategy services came or went (a compile, a removal, a bundle): the states changed. */
	@Inject
	@Optional
	void strategiesChanged(@Service List<Strategy> registered) {
		if (root != null && !root.isDisposed()) {
			refresh();
		}
	}

	private void scheduleRefresh() {
		root.getDisplay().timerExec(REFRESH_MILLIS, () -> {
			if (!root.isDisposed()) {
				refresh();
				scheduleRefresh();
			}
		});
	}

	/** Reads the list off the UI thread (the first compile of the workspace may still run) and shows it. */
	public void refresh() {
		CompletableFuture.supplyAsync(workspace::list).whenComplete((list, failure) -> sync.asyncExec(() -> {
			if (table.isDisposed()) {
				return;
			}
			if (failure != null) {
				showProblem(failure.getCause() == null ? failure.getMessage() : failure.getCause().getMessage());
			} else {
				show(list);
			}
		}));
	}

	private void show(List<WorkspaceStrategy> strategies) {
		String selected = selected() == null ? null : selected().name();
		shown = strategies;
		table.removeAll();
		for (WorkspaceStrategy s : strategies) {
			TableItem item = new TableItem(table, SWT.NONE);
			item.setText(new String[] { s.name(), s.state().label(), s.strategyId().orElse("—"),
					s.problems().isEmpty() ? "" : s.problems().get(0).toString() });
			if (!s.registered()) {
				item.setForeground(1, table.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
			}
			if (s.name().equals(selected)) {
				table.setSelection(item);
			}
		}
	}

	/** Writes {@code NAME.java} from the template, compiles it and opens it in the editor. */
	public void createStrategy(String strategyName) {
		try {
			WorkspaceStrategy created = workspace.create(strategyName);
			name.setText("");
			showStatus(created.registered() ? "Created " + created.file().getFileName() + ": strategy "
					+ created.strategyId().orElseThrow() + " is ready to run" : "Created " + created.file().getFileName()
							+ " with errors");
			refresh();
			open(created.file());
		} catch (RuntimeException e) {
			showProblem(e.getMessage());
		}
	}

	private void removeSelected() {
		WorkspaceStrategy chosen = selected();
		if (chosen == null) {
			showProblem("Select a strategy to remove");
			return;
		}
		try {
			workspace.remove(chosen.name());
			showStatus("Removed " + chosen.name() + " and its file");
			refresh();
		} catch (RuntimeException e) {
			showProblem(e.getMessage());
		}
	}

	private void openSelected() {
		WorkspaceStrategy chosen = selected();
		if (chosen == null) {
			showProblem("Select a strategy to open");
		} else {
			open(chosen.file());
		}
	}

	private void open(Path file) {
		editorInbox.deliver(file);
		if (partService != null) {
			partService.showPart(EDITOR_PART_ID, EPartService.PartState.ACTIVATE);
		}
	}

	private WorkspaceStrategy selected() {
		int index = table.getSelectionIndex();
		return index < 0 || index >= shown.size() ? null : shown.get(index);
	}

	private void showStatus(String text) {
		status.setForeground(null);
		status.setText(text);
		root.layout();
	}

	private void showProblem(String text) {
		status.setForeground(root.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		status.setText(text);
		root.layout();
	}

	/** What the table shows, for tests: one line per row, cells separated by " | ". */
	List<String> rows() {
		return java.util.Arrays.stream(table.getItems())
				.map(i -> i.getText(0) + " | " + i.getText(1) + " | " + i.getText(2) + " | " + i.getText(3)).toList();
	}

	String statusText() {
		return status.getText();
	}
}
