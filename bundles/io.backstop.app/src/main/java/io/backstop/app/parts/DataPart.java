package io.backstop.app.parts;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.jfree.chart.JFreeChart;
import org.osgi.service.event.Event;

import io.backstop.app.model.DataFacts;
import io.backstop.app.model.DataLoader;
import io.backstop.data.DataLibrary;
import io.backstop.data.DataLibrary.DataSet;
import io.backstop.data.DataQuality;
import io.backstop.data.OhlcvSeries;
import io.backstop.data.Timeframe;
import io.backstop.estop.api.StopSignal;
import io.backstop.run.Formats;
import io.backstop.run.RunEvents;
import io.backstop.run.RunService;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Data view: the open series (name, bars, span, gaps, zero-volume bars) and its price chart;
 * the data library's symbols and timeframes, opened with a double-click; resampling the open
 * series; opening CSV and zip files.
 */
public class DataPart {

	private static final String[] LIBRARY_COLUMNS = { "Symbol", "Timeframe", "Bars", "Span", "Gaps", "Zero volume",
			"Source" };

	@Inject
	private RunService runs;

	@Inject
	@Optional
	private DataLibrary library;

	@Inject
	@Optional
	private StopSignal signal;

	private Composite root;
	private Label title;
	private Label facts;
	private Label problem;
	private Group libraryGroup;
	private Table libraryTable;
	private Combo resampleTarget;
	private JFreeChart chart;
	private volatile List<DataSet> listed = List.of();

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(2, false));
		title = new Label(root, SWT.NONE);
		title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Button open = new Button(root, SWT.PUSH);
		open.setText("Open File...");
		open.setToolTipText("Open OHLCV data: a CSV file (timestamp, open, high, low, close, volume or an exchange's"
				+ " header-less klines) or a zip of them");
		open.addListener(SWT.Selection, e -> openFile());
		facts = new Label(root, SWT.WRAP);
		facts.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		problem = new Label(root, SWT.WRAP);
		problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		problem.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		createLibrary(root);
		chart = Charts.timeChart(null, "Close", new Color(30, 90, 170));
		Charts.composite(root, chart).setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));

		if (runs.series().isPresent()) {
			show(runs.series().get());
		} else {
			title.setText("Loading the sample data...");
			DataLoader.load(runs, null, signal, this::reportProblem);
		}
		refreshLibrary();
	}

	private void createLibrary(Composite parent) {
		libraryGroup = new Group(parent, SWT.NONE);
		libraryGroup.setText("Data library");
		libraryGroup.setLayout(new GridLayout(5, false));
		libraryGroup.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, false, 2, 1));
		libraryTable = new Table(libraryGroup, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
		libraryTable.setHeaderVisible(true);
		libraryTable.setLinesVisible(true);
		GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, false, 5, 1);
		tableData.heightHint = libraryTable.getItemHeight() * 8 + libraryTable.getHeaderHeight();
		libraryTable.setLayoutData(tableData);
		for (String name : LIBRARY_COLUMNS) {
			TableColumn column = new TableColumn(libraryTable, name.equals("Bars") || name.equals("Zero volume")
					? SWT.RIGHT : SWT.LEFT);
			column.setText(name);
		}
		libraryTable.setToolTipText("Double-click a row to open it");
		libraryTable.addListener(SWT.DefaultSelection, e -> openLibraryRow(libraryTable.getSelectionIndex()));

		Label resampleLabel = new Label(libraryGroup, SWT.NONE);
		resampleLabel.setText("Resample the open data to:");
		resampleTarget = new Combo(libraryGroup, SWT.READ_ONLY);
		for (Timeframe target : Timeframe.RESAMPLE_TARGETS) {
			resampleTarget.add(target.label());
		}
		resampleTarget.select(Timeframe.RESAMPLE_TARGETS.indexOf(Timeframe.parse("1h")));
		Button resample = new Button(libraryGroup, SWT.PUSH);
		resample.setText("Resample");
		resample.setToolTipText("Open the data aggregated to the longer timeframe: first open, highest high, lowest low,"
				+ " last close, summed volume");
		resample.addListener(SWT.Selection, e -> resample(resampleTarget.getText()));
		Label spacer = new Label(libraryGroup, SWT.NONE);
		spacer.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Button refresh = new Button(libraryGroup, SWT.PUSH);
		refresh.setText("Refresh");
		refresh.setToolTipText("Scan the data directory again");
		refresh.addListener(SWT.Selection, e -> refreshLibrary());
	}

	@Inject
	@Optional
	void onDataOpened(@UIEventTopic(RunEvents.DATA_OPENED) Event event) {
		if (root != null) {
			runs.series().ifPresent(this::show);
		}
	}

	/** Asks for a CSV or zip file and loads it in a Job. */
	public void openFile() {
		FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
		dialog.setText("Open market data");
		dialog.setFilterExtensions(new String[] { "*.csv;*.zip", "*" });
		dialog.setFilterNames(new String[] { "Market data (*.csv, *.zip)", "All files" });
		String chosen = dialog.open();
		if (chosen != null) {
			open(Path.of(chosen));
		}
	}

	void open(Path file) {
		problem.setText("");
		title.setText("Loading " + file.getFileName() + "...");
		DataLoader.load(runs, file, signal, this::reportProblem);
	}

	/** Opens the library's row {@code index} in a Job (a double-click). */
	void openLibraryRow(int index) {
		List<DataSet> sets = listed;
		if (index < 0 || index >= sets.size()) {
			return;
		}
		DataSet set = sets.get(index);
		problem.setText("");
		title.setText("Loading " + set.name() + "...");
		DataLoader.run("Open " + set.name(), () -> runs.open(set.symbol(), set.timeframe()), signal,
				this::reportProblem);
	}

	/** Opens the open series resampled to {@code timeframe}, in a Job. */
	void resample(String timeframe) {
		problem.setText("");
		DataLoader.run("Resample to " + timeframe, () -> runs.resample(timeframe), signal, this::reportProblem);
	}

	/** Scans the library in a Job and shows what it holds. */
	void refreshLibrary() {
		if (library == null) {
			libraryGroup.setText("Data library (not running)");
			return;
		}
		libraryGroup.setText("Data library: " + library.directory());
		DataLoader.run("Scan the data library", () -> {
			List<DataSet> sets = library.list();
			root.getDisplay().asyncExec(() -> showLibrary(sets));
		}, signal, this::reportProblem);
	}

	private void showLibrary(List<DataSet> sets) {
		if (libraryTable.isDisposed()) {
			return;
		}
		listed = sets;
		libraryTable.removeAll();
		for (DataSet set : sets) {
			TableItem item = new TableItem(libraryTable, SWT.NONE);
			if (set.loaded()) {
				item.setText(new String[] { set.symbol(), set.timeframe(), Formats.count(set.bars()), set.span(),
						set.quality().gapsText(), Formats.count(set.quality().zeroVolumeBars()), set.source() });
			} else {
				item.setText(new String[] { set.symbol(), set.timeframe(), "", "", "", "", "not loaded: " + set.problem() });
				item.setForeground(root.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
			}
		}
		for (TableColumn column : libraryTable.getColumns()) {
			column.pack();
		}
	}

	private void reportProblem(String message) {
		root.getDisplay().asyncExec(() -> {
			if (!problem.isDisposed()) {
				problem.setText("Could not open the data: " + message);
				title.setText(runs.series().map(OhlcvSeries::name).orElse("No data open"));
				root.layout(true, true);
			}
		});
	}

	private void show(OhlcvSeries series) {
		if (root.isDisposed() || series == null) {
			return;
		}
		problem.setText("");
		title.setText(series.name());
		facts.setText(DataFacts.describe(series) + System.lineSeparator() + DataQuality.of(series).describe()
				+ System.lineSeparator() + "Source: " + DataFacts.source(series));
		if (series.isEmpty()) {
			Charts.clear(chart);
		} else {
			Charts.setData(chart, series.name(), series.timestamps(), series.close(), series.size());
		}
		root.layout(true, true);
	}

	// --- for tests ---

	String titleText() {
		return title.getText();
	}

	String factsText() {
		return facts.getText();
	}

	String problemText() {
		return problem.getText();
	}

	int chartPoints() {
		var dataset = chart.getXYPlot().getDataset();
		return dataset == null || dataset.getSeriesCount() == 0 ? 0 : dataset.getItemCount(0);
	}

	/** The library's rows as shown, cells separated by " | ". */
	List<String> libraryRows() {
		return java.util.Arrays.stream(libraryTable.getItems()).map(item -> {
			StringBuilder row = new StringBuilder();
			for (int c = 0; c < LIBRARY_COLUMNS.length; c++) {
				row.append(c == 0 ? "" : " | ").append(item.getText(c));
			}
			return row.toString();
		}).toList();
	}
}
