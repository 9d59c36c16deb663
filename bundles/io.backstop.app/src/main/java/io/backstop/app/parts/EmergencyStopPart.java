package io.backstop.app.parts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.dnd.Transfer;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.event.Event;

import io.backstop.app.addons.UiWatchdogAddon;
import io.backstop.app.model.Format;
import io.backstop.run.Formats;
import io.backstop.estop.api.EmergencyStop;
import io.backstop.estop.api.PlannedStep;
import io.backstop.estop.api.StepReport;
import io.backstop.estop.api.StopEvents;
import io.backstop.estop.api.StopReport;
import io.backstop.estop.api.StopRequest;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Emergency Stop view: a row per step, updated live from the coordinator's events, the
 * summary, the report as JSON on demand, past stops from the history, Reset while new work is
 * refused, and the UI watchdog's notice after the window did not respond.
 */
public class EmergencyStopPart {

	static final String[] COLUMNS = { "Order", "Step", "Status", "Duration", "Memory released", "Detail" };
	private static final int HISTORY_SIZE = 50;
	private static final int REFRESH_MILLIS = 1000;

	@Inject
	@Optional
	private EmergencyStop emergencyStop;

	private Composite root;
	private Label state;
	private Button stopButton;
	private Button resetButton;
	private Button jsonButton;
	/** The report's dialog last opened, and whether opening it waits until it closes (not in tests). */
	private JsonDialog jsonDialog;
	private boolean blockOnOpen = true;
	private Table table;
	private Label summary;
	private Label watchdogNotice;
	private Combo history;
	private StatusIcons icons;
	private Font bold;
	private final List<StopReport> historyReports = new ArrayList<>();
	private String liveId;
	private StopReport shown;

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(4, false));
		icons = new StatusIcons(parent.getDisplay());

		state = new Label(root, SWT.NONE);
		FontData[] data = state.getFont().getFontData();
		for (FontData d : data) {
			d.setStyle(SWT.BOLD);
		}
		bold = new Font(parent.getDisplay(), data);
		state.setFont(bold);
		state.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

		stopButton = new Button(root, SWT.PUSH);
		stopButton.setText("Emergency Stop");
		stopButton.setData("id", "estop.stop");
		stopButton.setToolTipText("Halt all running work and release memory (Ctrl+F2)");
		stopButton.addListener(SWT.Selection, e -> requestStop());

		resetButton = new Button(root, SWT.PUSH);
		resetButton.setText("Reset");
		resetButton.setData("id", "estop.reset");
		resetButton.setToolTipText("Lower the stop signal so that new work is accepted again");
		resetButton.addListener(SWT.Selection, e -> reset());

		jsonButton = new Button(root, SWT.PUSH);
		jsonButton.setText("Full report (JSON)...");
		jsonButton.addListener(SWT.Selection, e -> openJson());

		watchdogNotice = new Label(root, SWT.WRAP);
		watchdogNotice.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		GridData noticeLayout = new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1);
		noticeLayout.widthHint = 400;
		noticeLayout.exclude = true;
		watchdogNotice.setLayoutData(noticeLayout);
		watchdogNotice.setVisible(false);

		// the summary above the steps, where a short view still shows it
		summary = new Label(root, SWT.WRAP);
		summary.setData("id", "estop.summary");
		summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));

		table = new Table(root, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 4, 1));
		int[] widths = { 55, 210, 100, 75, 130, 420 };
		for (int i = 0; i < COLUMNS.length; i++) {
			TableColumn column = new TableColumn(table, i == 0 || i == 3 || i == 4 ? SWT.RIGHT : SWT.LEFT);
			column.setText(COLUMNS[i]);
			column.setWidth(TableColumns.widthFor(column, widths[i]));
		}

		// the detail of a step is often longer than its column: the cell under the pointer as tooltip
		table.addListener(SWT.MouseHover, e -> {
			TableItem item = table.getItem(new org.eclipse.swt.graphics.Point(e.x, e.y));
			String tip = null;
			if (item != null) {
				for (int i = 0; i < COLUMNS.length; i++) {
					if (item.getBounds(i).contains(e.x, e.y)) {
						tip = item.getText(i).isEmpty() ? null : item.getText(i);
					}
				}
			}
			table.setToolTipText(tip);
		});

		Composite past = new Composite(root, SWT.NONE);
		past.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 4, 1));
		GridLayout pastLayout = new GridLayout(2, false);
		pastLayout.marginWidth = 0;
		pastLayout.marginHeight = 0;
		past.setLayout(pastLayout);
		new Label(past, SWT.NONE).setText("Past stops:");
		history = new Combo(past, SWT.READ_ONLY);
		history.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		history.addListener(SWT.Selection, e -> {
			int index = history.getSelectionIndex();
			if (index >= 0 && index < historyReports.size()) {
				show(historyReports.get(index));
			}
		});

		root.addListener(SWT.Dispose, e -> {
			icons.dispose();
			bold.dispose();
		});
		reloadHistory();
		if (!historyReports.isEmpty()) {
			show(historyReports.get(0));
			history.select(0);
		} else {
			showPlan();
		}
		refreshState();
		scheduleRefresh();
	}

	/** Every event of the coordinator, on the UI thread. */
	@Inject
	@Optional
	void onStopEvent(@UIEventTopic(StopEvents.TOPIC_ALL) Event event) {
		if (table == null || table.isDisposed() || event == null) {
			return;
		}
		String id = (String) event.getProperty(StopEvents.REPORT_ID);
		switch (event.getTopic()) {
		case StopEvents.STARTED -> started(id, (StopRequest) event.getProperty(StopEvents.REQUEST));
		case StopEvents.STEP_STARTED -> {
			if (id != null && id.equals(liveId)) {
				PlannedStep step = (PlannedStep) event.getProperty(StopEvents.STEP);
				TableItem row = row(step);
				row.setImage(2, icons.running());
				row.setText(2, "running");
			}
		}
		case StopEvents.STEP_PROGRESS -> {
			if (id != null && id.equals(liveId)) {
				row((PlannedStep) event.getProperty(StopEvents.STEP)).setText(5,
						String.valueOf(event.getProperty(StopEvents.PROGRESS)));
			}
		}
		case StopEvents.STEP_FINISHED -> {
			if (id != null && id.equals(liveId)) {
				StepReport step = (StepReport) event.getProperty(StopEvents.STEP_REPORT);
				fill(row(new PlannedStep(step.id(), step.label(), step.order(), step.bundle(), 0)), step);
			}
		}
		case StopEvents.FINISHED -> {
			StopReport report = (StopReport) event.getProperty(StopEvents.REPORT);
			liveId = null;
			reloadHistory();
			if (report != null) {
				show(report);
				history.select(0);
			}
		}
		default -> {
			// RESET and anything newer: only the state changes
		}
		}
		refreshState();
	}

	/** The UI watchdog's notice, once the window responds again after a stall. */
	@Inject
	@Optional
	void onWatchdogNotice(@UIEventTopic(UiWatchdogAddon.TOPIC) Event event) {
		if (watchdogNotice == null || watchdogNotice.isDisposed() || event == null) {
			return;
		}
		watchdogNotice.setText(String.valueOf(event.getProperty(UiWatchdogAddon.NOTICE)));
		((GridData) watchdogNotice.getLayoutData()).exclude = false;
		watchdogNotice.setVisible(true);
		root.layout(true, true);
	}

	private void started(String id, StopRequest request) {
		liveId = id;
		shown = null;
		table.removeAll();
		if (emergencyStop != null) {
			for (PlannedStep step : emergencyStop.plannedSteps()) {
				row(step);
			}
		}
		history.deselectAll();
		summary.setText("Stopping" + (request == null ? "" : " (requested by " + request.requestedBy() + ": "
				+ request.reason() + ")") + "...");
		root.layout(true, true);
	}

	/** The row of a step, added in order when it is not there yet. */
	private TableItem row(PlannedStep step) {
		for (TableItem item : table.getItems()) {
			if (step.id().equals(item.getData())) {
				return item;
			}
		}
		int index = 0;
		for (TableItem item : table.getItems()) {
			Object order = item.getData("order");
			if (order instanceof Integer o && o <= step.order()) {
				index++;
			}
		}
		TableItem item = new TableItem(table, SWT.NONE, index);
		item.setData(step.id());
		item.setData("order", step.order());
		item.setText(new String[] { String.valueOf(step.order()), step.label(), "pending", "", "", "" });
		item.setImage(2, icons.pending());
		return item;
	}

	private void fill(TableItem item, StepReport step) {
		item.setText(new String[] { String.valueOf(step.order()), step.label(), step.status().name(),
				Formats.millis(step.durationMillis()), Format.released(step.status(), step.bytesReleased()), step.detail() });
		item.setImage(2, icons.of(step.status()));
	}

	/** Shows a finished report: its rows, summary and JSON. */
	void show(StopReport report) {
		shown = report;
		table.removeAll();
		for (StepReport step : report.steps()) {
			fill(row(new PlannedStep(step.id(), step.label(), step.order(), step.bundle(), 0)), step);
		}
		summary.setText(report.summary() + "  (" + Format.local(report.timestamp()) + ", requested by "
				+ report.request().requestedBy() + ", " + Formats.millis(report.durationMillis()) + ")");
		root.layout(true, true);
		refreshState();
	}

	/** Before any stop: the steps the next stop would run. */
	private void showPlan() {
		table.removeAll();
		if (emergencyStop != null) {
			for (PlannedStep step : emergencyStop.plannedSteps()) {
				TableItem item = row(step);
				item.setText(2, "ready");
				item.setText(5, "deadline " + Formats.millis(step.timeoutMillis()) + ", from " + step.bundle());
			}
		}
		summary.setText(emergencyStop == null ? "The emergency stop service is not available."
				: "No stop has run yet. The next stop runs the steps above in order.");
	}

	private void reloadHistory() {
		historyReports.clear();
		history.removeAll();
		if (emergencyStop == null) {
			return;
		}
		for (StopReport report : emergencyStop.history(HISTORY_SIZE)) {
			historyReports.add(report);
			history.add(Format.local(report.timestamp()) + "  by " + report.request().requestedBy() + ": "
					+ report.summary());
		}
	}

	private void refreshState() {
		if (state == null || state.isDisposed()) {
			return;
		}
		boolean available = emergencyStop != null;
		boolean stopping = available && emergencyStop.isStopping();
		boolean raised = available && emergencyStop.signal().isRaised();
		String text;
		if (!available) {
			text = "Emergency stop unavailable";
		} else if (stopping) {
			text = "Stopping: halting work and releasing memory...";
		} else if (raised) {
			text = "Stop signal raised: new work is refused until you press Reset";
		} else {
			text = "Ready: new work is accepted";
		}
		if (!text.equals(state.getText())) {
			state.setText(text);
			state.setForeground(raised || stopping ? state.getDisplay().getSystemColor(SWT.COLOR_DARK_RED) : null);
			root.layout(true, true);
		}
		stopButton.setEnabled(available && !stopping);
		resetButton.setEnabled(raised && !stopping);
		jsonButton.setEnabled(shown != null);
	}

	private void scheduleRefresh() {
		root.getDisplay().timerExec(REFRESH_MILLIS, () -> {
			if (!root.isDisposed()) {
				refreshState();
				scheduleRefresh();
			}
		});
	}

	private void requestStop() {
		if (emergencyStop != null) {
			emergencyStop.requestStop(StopRequest.of("Emergency stop requested from the Emergency Stop view", "stop view"));
			refreshState();
		}
	}

	void reset() {
		if (emergencyStop != null) {
			emergencyStop.reset();
			refreshState();
		}
	}

	private void openJson() {
		if (shown != null) {
			jsonDialog = new JsonDialog(root.getShell(), emergencyStop.toJson(shown));
			jsonDialog.setBlockOnOpen(blockOnOpen);
			jsonDialog.open();
		}
	}

	@PreDestroy
	void dispose() {
		liveId = null;
	}

	// --- for tests ---

	/** The cells of every row, in table order. */
	List<String[]> rows() {
		List<String[]> rows = new ArrayList<>();
		for (TableItem item : table.getItems()) {
			String[] cells = new String[COLUMNS.length];
			for (int i = 0; i < cells.length; i++) {
				cells[i] = item.getText(i);
			}
			rows.add(cells);
		}
		return rows;
	}

	String summaryText() {
		return summary.getText();
	}

	String watchdogNoticeText() {
		return watchdogNotice.isVisible() ? watchdogNotice.getText() : "";
	}

	String stateText() {
		return state.getText();
	}

	/** Opens the shown report's dialog without waiting for it to close, and returns it. */
	JsonDialog openReportDialog() {
		blockOnOpen = false;
		jsonButton.notifyListeners(SWT.Selection, null);
		return jsonDialog;
	}

	Button resetButton() {
		return resetButton;
	}

	int historyCount() {
		return history.getItemCount();
	}

	StopReport shownReport() {
		return shown;
	}

	Control control() {
		return root;
	}

	/** The report as JSON, read-only, with Copy (to the clipboard) and Save (to a file). */
	static final class JsonDialog extends Dialog {
		static final int COPY_ID = IDialogConstants.CLIENT_ID + 1;
		static final int SAVE_ID = IDialogConstants.CLIENT_ID + 2;

		private final String json;
		/** Answers where to save instead of the file dialog; null: the dialog asks. */
		private java.util.function.Supplier<Path> saveTarget;
		private Label outcome;

		JsonDialog(Shell parent, String json) {
			super(parent);
			this.json = json;
			setShellStyle(getShellStyle() | SWT.RESIZE);
		}

		@Override
		protected void configureShell(Shell shell) {
			super.configureShell(shell);
			shell.setText("Emergency Stop Report");
		}

		@Override
		protected Control createDialogArea(Composite parent) {
			Composite area = (Composite) super.createDialogArea(parent);
			Text text = new Text(area, SWT.MULTI | SWT.READ_ONLY | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
			text.setText(json);
			GridData layout = new GridData(SWT.FILL, SWT.FILL, true, true);
			layout.widthHint = 720;
			layout.heightHint = 480;
			text.setLayoutData(layout);
			outcome = new Label(area, SWT.WRAP);
			outcome.setData("id", "estop.report.outcome");
			outcome.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
			return area;
		}

		@Override
		protected void createButtonsForButtonBar(Composite parent) {
			createButton(parent, COPY_ID, "&Copy", false);
			createButton(parent, SAVE_ID, "&Save...", false);
			createButton(parent, IDialogConstants.OK_ID, IDialogConstants.CLOSE_LABEL, true);
		}

		@Override
		protected void buttonPressed(int buttonId) {
			if (buttonId == COPY_ID) {
				Clipboard clipboard = new Clipboard(getShell().getDisplay());
				try {
					clipboard.setContents(new Object[] { json }, new Transfer[] { TextTransfer.getInstance() });
				} finally {
					clipboard.dispose();
				}
				say("Copied the report to the clipboard.", false);
			} else if (buttonId == SAVE_ID) {
				save();
			} else {
				super.buttonPressed(buttonId);
			}
		}

		private void save() {
			Path target = saveTarget != null ? saveTarget.get() : askWhere();
			if (target == null) {
				return;
			}
			try {
				Files.writeString(target, json);
				say("Saved the report to " + target, false);
			} catch (IOException e) {
				say("The report was not saved to " + target + ": " + e.getMessage(), true);
			}
		}

		private Path askWhere() {
			FileDialog dialog = new FileDialog(getShell(), SWT.SAVE);
			dialog.setText("Save the report");
			dialog.setFilterExtensions(new String[] { "*.json", "*" });
			dialog.setFileName("emergency-stop-report.json");
			dialog.setOverwrite(true);
			String chosen = dialog.open();
			return chosen == null ? null : Path.of(chosen);
		}

		private void say(String text, boolean problem) {
			outcome.setText(text);
			outcome.setForeground(problem ? outcome.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
			outcome.getParent().layout(true, true);
		}

		// --- for tests ---

		void answerSaveDialog(java.util.function.Supplier<Path> target) {
			saveTarget = target;
		}

		void press(int buttonId) {
			buttonPressed(buttonId);
		}

		String outcomeText() {
			return outcome.getText();
		}
	}
}
