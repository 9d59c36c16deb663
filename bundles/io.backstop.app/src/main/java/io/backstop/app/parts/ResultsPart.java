package io.backstop.app.parts;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.jfree.chart.JFreeChart;
import org.jfree.util.ShapeUtilities;
import org.osgi.service.event.Event;

import io.backstop.app.model.Curves;
import io.backstop.app.model.ResultsTable;
import io.backstop.app.model.RowInputs;
import io.backstop.app.model.RunFormInbox;
import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Side;
import io.backstop.backtest.Trade;
import io.backstop.data.OhlcvSeries;
import io.backstop.run.Formats;
import io.backstop.run.ResultRow;
import io.backstop.run.RunEvents;
import io.backstop.run.RunKind;
import io.backstop.run.RunOutcome;
import io.backstop.run.RunService;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * The Results view: every run or sweep combination the run service holds, with its figures and
 * settings, sortable by any column. The selected row is published through the selection service;
 * its equity curve, drawdown and trades are shown below, recomputed by the service when only its
 * figures were kept.
 */
public class ResultsPart {

	private static final Color BUY_AND_HOLD = new Color(130, 130, 130);
	private static final Color ENTRY = new Color(20, 140, 40);
	private static final Color EXIT = new Color(200, 40, 40);
	private static final String RUN_VIEW_ID = "io.backstop.app.part.run";
	private static final String[] TRADE_COLUMNS = { "Side", "Entry", "Exit", "Entry price", "Exit price", "PnL",
			"Return", "Exit reason" };

	@Inject
	private RunService runs;

	@Inject
	@Optional
	private ESelectionService selectionService;

	@Inject
	private RunFormInbox runForm;

	@Inject
	@Optional
	private EPartService partService;

	private Composite root;
	private TableViewer viewer;
	private final Sorter sorter = new Sorter();
	private Label selection;
	private JFreeChart priceChart;
	private JFreeChart equityChart;
	private JFreeChart drawdownChart;
	private Table trades;
	private ResultRow selected;
	private Menu headerMenu;
	/** Answers the file chooser's question instead of a person; null: the dialog asks. */
	private Function<String, Path> fileChooser;
	/** The newest run whose rows the table has shown; a newer one's first row is selected when it arrives. */
	private String newestRunShown;

	/** Orders rows by one column, up or down. */
	private static final class Sorter extends ViewerComparator {
		int column;
		int direction = SWT.UP;

		Comparator<ResultRow> order() {
			Comparator<ResultRow> order = ResultsTable.COLUMNS.get(column).order();
			return direction == SWT.UP ? order : order.reversed();
		}

		@Override
		public int compare(Viewer v, Object a, Object b) {
			return order().compare((ResultRow) a, (ResultRow) b);
		}
	}

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new FillLayout());
		SashForm vertical = new SashForm(root, SWT.VERTICAL);

		viewer = new TableViewer(vertical, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL | SWT.H_SCROLL);
		viewer.setContentProvider(ArrayContentProvider.getInstance());
		viewer.setComparator(sorter);
		Table table = viewer.getTable();
		table.setData("id", "results.table");
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		for (int i = 0; i < ResultsTable.COLUMNS.size(); i++) {
			ResultsTable.Column c = ResultsTable.COLUMNS.get(i);
			TableViewerColumn column = new TableViewerColumn(viewer, c.numeric() ? SWT.RIGHT : SWT.LEFT);
			column.getColumn().setText(c.header());
			column.getColumn().setWidth(TableColumns.widthFor(column.getColumn(), c.width()));
			column.setLabelProvider(new ColumnLabelProvider() {
				@Override
				public String getText(Object row) {
					return c.text().apply((ResultRow) row);
				}

				@Override
				public String getToolTipText(Object row) {
					return c.tooltip().apply((ResultRow) row);
				}
			});
			int index = i;
			column.getColumn().addListener(SWT.Selection,
					e -> sortBy(index, sorter.column == index && sorter.direction == SWT.UP ? SWT.DOWN : SWT.UP));
		}
		ColumnViewerToolTipSupport.enableFor(viewer);
		createMenu(table);
		viewer.addSelectionChangedListener(e -> {
			if (e.getStructuredSelection().getFirstElement() instanceof ResultRow row && !sameRow(row, selected)) {
				select(row);
			}
		});

		Composite detail = new Composite(vertical, SWT.NONE);
		GridLayout detailLayout = new GridLayout(1, false);
		detailLayout.marginWidth = 0;
		detailLayout.marginHeight = 0;
		detail.setLayout(detailLayout);
		selection = new Label(detail, SWT.NONE);
		selection.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		selection.setText("Select a run to see its equity curve, drawdown and trades.");
		SashForm horizontal = new SashForm(detail, SWT.HORIZONTAL);
		horizontal.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		SashForm charts = new SashForm(horizontal, SWT.VERTICAL);
		priceChart = Charts.withLegend(Charts.timeChart("Price", "Close", new Color(40, 70, 140)));
		Charts.composite(charts, priceChart);
		equityChart = Charts.withLegend(Charts.timeChart("Equity", "Equity", new Color(30, 120, 60)));
		Charts.composite(charts, equityChart);
		drawdownChart = Charts.timeChart("Drawdown", "Drawdown %", new Color(190, 40, 40));
		Charts.composite(charts, drawdownChart);
		charts.setWeights(38, 38, 24);
		trades = new Table(horizontal, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		trades.setHeaderVisible(true);
		trades.setLinesVisible(true);
		int[] widths = { 50, 120, 120, 85, 85, 80, 70, 90 };
		for (int i = 0; i < TRADE_COLUMNS.length; i++) {
			TableColumn column = new TableColumn(trades, i == 0 || i == 1 || i == 2 || i == 7 ? SWT.LEFT : SWT.RIGHT);
			column.setText(TRADE_COLUMNS[i]);
			column.setWidth(TableColumns.widthFor(column, widths[i]));
		}
		horizontal.setWeights(62, 38);
		vertical.setWeights(35, 65);
		refresh();
	}

	/**
	 * The rows' menu (take a row's parameters to the Run view, backtest it again, sweep around it) and
	 * the header's (which columns show).
	 */
	private void createMenu(Table table) {
		Menu headerMenu = new Menu(table);
		for (int i = 0; i < ResultsTable.COLUMNS.size(); i++) {
			ResultsTable.Column column = ResultsTable.COLUMNS.get(i);
			if (!ResultsTable.hideable(column)) {
				continue;
			}
			MenuItem item = new MenuItem(headerMenu, SWT.CHECK);
			item.setText(column.header());
			item.setData("id", "results.column." + column.header());
			item.setSelection(true);
			int index = i;
			item.addListener(SWT.Selection, e -> showColumn(index, item.getSelection()));
		}
		Menu menu = new Menu(table);
		MenuItem use = menuItem(menu, "&Use these parameters", "results.menu.use", this::useParameters);
		MenuItem again = menuItem(menu, "&Backtest again", "results.menu.again", this::backtestAgain);
		MenuItem around = menuItem(menu, "&Sweep around them", "results.menu.around", this::sweepAround);
		MenuItem resume = menuItem(menu, "&Resume this run", "results.menu.resume", this::resume);
		new MenuItem(menu, SWT.SEPARATOR);
		MenuItem exportTrades = menuItem(menu, "Export this run's &trades to CSV...", "results.menu.trades",
				row -> chooseFile("trades-" + row.number() + ".csv").ifPresent(file -> exportTrades(row, file)));
		MenuItem exportTable = new MenuItem(menu, SWT.PUSH);
		exportTable.setText("&Export the table to CSV...");
		exportTable.setData("id", "results.menu.export");
		exportTable.addListener(SWT.Selection, e -> chooseFile("results.csv").ifPresent(this::exportTable));
		MenuItem clear = new MenuItem(menu, SWT.PUSH);
		clear.setText("&Clear results");
		clear.setData("id", "results.menu.clear");
		clear.addListener(SWT.Selection, e -> runs.clearResults());
		menu.addListener(SWT.Show, e -> {
			ResultRow selectedRow = tableSelection();
			for (MenuItem item : List.of(use, again, around, exportTrades)) {
				item.setEnabled(selectedRow != null);
			}
			resume.setEnabled(selectedRow != null && resumable(selectedRow));
			boolean any = viewer.getTable().getItemCount() > 0;
			exportTable.setEnabled(any);
			clear.setEnabled(any);
		});
		table.setMenu(menu);
		table.addListener(SWT.MenuDetect, e -> {
			Point at = table.toControl(e.x, e.y);
			Rectangle area = table.getClientArea();
			table.setMenu(at.y >= area.y && at.y < area.y + table.getHeaderHeight() ? headerMenu : menu);
		});
		headerMenu.addListener(SWT.Hide, e -> table.getDisplay().asyncExec(() -> {
			if (!table.isDisposed()) {
				table.setMenu(menu);
			}
		}));
		this.headerMenu = headerMenu;
	}

	/** Shows or hides a column (hidden: no width, not resizable). */
	void showColumn(int index, boolean shown) {
		TableColumn column = viewer.getTable().getColumn(index);
		column.setWidth(shown ? TableColumns.widthFor(column, ResultsTable.COLUMNS.get(index).width()) : 0);
		column.setResizable(shown);
	}

	private MenuItem menuItem(Menu menu, String label, String id, Consumer<ResultRow> action) {
		MenuItem item = new MenuItem(menu, SWT.PUSH);
		item.setText(label);
		item.setData("id", id);
		item.addListener(SWT.Selection, e -> {
			ResultRow row = tableSelection();
			if (row != null) {
				action.accept(row);
			}
		});
		return item;
	}

	/** Shows the row's parameters in the Run view, as a backtest's values. */
	void useParameters(ResultRow row) {
		runForm.deliver(new RunFormInbox.Delivery(row.strategyId(), RunKind.BACKTEST, RowInputs.values(row),
				"The parameters of row #" + row.number() + "; Run backtests them."));
		showRunView();
	}

	/** Shows ranges around the row's parameters in the Run view, as a sweep's. */
	void sweepAround(ResultRow row) {
		runForm.deliver(new RunFormInbox.Delivery(row.strategyId(), RunKind.SWEEP,
				RowInputs.around(runs.strategy(row.strategyId()), row),
				"Ranges around the parameters of row #" + row.number() + "; Run sweeps them."));
		showRunView();
	}

	/** Backtests the row's parameters with its settings; the new row arrives like any other. */
	void backtestAgain(ResultRow row) {
		try {
			runs.again(row);
		} catch (RuntimeException e) {
			// one line from the service: the stop raised, no data open
			note("Row #" + row.number() + " was not backtested again: " + e.getMessage(), true);
		}
	}

	/** True when the row's run is a sweep that ended before its last combination and can go on. */
	private boolean resumable(ResultRow row) {
		return runs.find(row.runId()).map(run -> run.completion().getNow(null)).map(RunOutcome::resumable).orElse(false);
	}

	/** Continues the row's halted or cancelled sweep, search or walk-forward; its new rows arrive like any other. */
	void resume(ResultRow row) {
		try {
			runs.resume(row.runId(), null);
			note("Resuming " + row.origin() + ".", false);
		} catch (IOException | RuntimeException e) {
			note(row.origin() + " was not resumed: " + e.getMessage(), true);
		}
	}

	/** Writes every row, in the table's order, to a CSV file. */
	void exportTable(Path file) {
		List<ResultRow> shown = new ArrayList<>();
		for (TableItem item : viewer.getTable().getItems()) {
			shown.add((ResultRow) item.getData());
		}
		try {
			runs.exportResults(shown, file);
			note("Exported " + Formats.count(shown.size()) + (shown.size() == 1 ? " row to " : " rows to ") + file, false);
		} catch (IOException e) {
			note("The table was not exported: " + e.getMessage(), true);
		}
	}

	/** Writes the row's trades to a CSV file, recomputing them when only the figures were kept. */
	void exportTrades(ResultRow row, Path file) {
		note("Exporting the trades of row #" + row.number() + "...", false);
		runs.exportTrades(row, file).whenComplete((written, problem) -> root.getDisplay().asyncExec(() -> {
			if (root.isDisposed()) {
				return;
			}
			if (problem == null) {
				note("Exported the trades of row #" + row.number() + " to " + written, false);
			} else {
				Throwable cause = problem instanceof CompletionException && problem.getCause() != null ? problem.getCause()
						: problem;
				note("The trades of row #" + row.number() + " were not exported: "
						+ (cause instanceof CancellationException ? "the emergency stop halted their recomputation"
								: cause.getMessage()), true);
			}
		}));
	}

	/** Where to write a CSV file, as the person chooses it; empty when they cancel. */
	private java.util.Optional<Path> chooseFile(String suggested) {
		if (fileChooser != null) {
			return java.util.Optional.ofNullable(fileChooser.apply(suggested));
		}
		FileDialog dialog = new FileDialog(root.getShell(), SWT.SAVE);
		dialog.setText("Export to CSV");
		dialog.setFilterExtensions(new String[] { "*.csv", "*" });
		dialog.setFileName(suggested);
		dialog.setOverwrite(true);
		return java.util.Optional.ofNullable(dialog.open()).map(Path::of);
	}

	/** One line above the charts: what an action did, or why it did not (in red). */
	private void note(String text, boolean problem) {
		selection.setText(text);
		selection.setForeground(problem ? selection.getDisplay().getSystemColor(SWT.COLOR_RED) : null);
		selection.getParent().layout(true, true);
	}

	private void showRunView() {
		if (partService != null) {
			partService.showPart(RUN_VIEW_ID, PartState.ACTIVATE);
		}
	}

	@Inject
	@Optional
	void onResultsChanged(@UIEventTopic(RunEvents.RESULTS_CHANGED) Event event) {
		refresh();
	}

	private void refresh() {
		if (viewer == null || viewer.getTable().isDisposed()) {
			return;
		}
		List<ResultRow> rows = runs.results();
		viewer.setInput(rows);
		viewer.getTable().setSortColumn(viewer.getTable().getColumn(sorter.column));
		viewer.getTable().setSortDirection(sorter.direction);
		String newestRun = rows.isEmpty() ? null : rows.get(rows.size() - 1).runId();
		boolean newRun = newestRun != null && !newestRun.equals(newestRunShown);
		newestRunShown = newestRun;
		ResultRow current = selected == null || newRun ? null
				: rows.stream().filter(r -> r.number() == selected.number()).findFirst().orElse(null);
		if (current != null) {
			selected = current; // the current row: a curve the stop dropped is let go here too
			viewer.setSelection(new StructuredSelection(current), true);
		} else if (!rows.isEmpty()) {
			// the newest run's first row, a backtest or the best combination of a sweep; selecting it in
			// the table publishes and shows it (the selection listener)
			rows.stream().filter(r -> r.runId().equals(newestRun)).findFirst()
					.ifPresent(first -> viewer.setSelection(new StructuredSelection(first), true));
		} else {
			selected = null;
		}
	}

	/** Sorts by a column, {@link SWT#UP} or {@link SWT#DOWN}. */
	void sortBy(int column, int direction) {
		sorter.column = column;
		sorter.direction = direction;
		viewer.getTable().setSortColumn(viewer.getTable().getColumn(column));
		viewer.getTable().setSortDirection(direction);
		viewer.refresh();
	}

	/** Publishes a row as the selection and shows its curves and trades, asking the service to recompute them when needed. */
	void select(ResultRow row) {
		selected = row;
		if (selectionService != null) {
			selectionService.setSelection(row);
		}
		if (row.result() != null) {
			show(row, row.result());
			return;
		}
		note(ResultsTable.describe(row) + ": computing its equity curve...", false);
		Charts.clear(priceChart);
		Charts.clear(equityChart);
		Charts.clear(drawdownChart);
		trades.removeAll();
		runs.detail(row).whenComplete((full, problem) -> root.getDisplay().asyncExec(() -> {
			if (root.isDisposed() || !sameRow(row, selected)) {
				return;
			}
			if (problem == null) {
				show(row, full);
			} else {
				Throwable cause = problem instanceof CompletionException && problem.getCause() != null ? problem.getCause()
						: problem;
				note(ResultsTable.describe(row) + ": the equity curve was not computed. "
						+ (cause instanceof CancellationException ? "The emergency stop halted it." : cause.getMessage()), true);
			}
		}));
	}

	private static boolean sameRow(ResultRow a, ResultRow b) {
		return a != null && b != null && a.number() == b.number();
	}

	private void show(ResultRow row, BacktestResult result) {
		OhlcvSeries measured = row.measuredSeries();
		long[] times = measured.timestamps();
		int bars = result.barsProcessed();
		note(ResultsTable.describe(row) + " · " + Formats.count(bars) + (bars == 1 ? " bar, " : " bars, ")
				+ Formats.count(result.trades().size()) + (result.trades().size() == 1 ? " trade" : " trades"), false);
		Charts.setData(priceChart, "Close", times, measured.close(), bars);
		Charts.setMarkers(priceChart, tradeMarkers(result.trades()));
		Charts.setData(equityChart, "Equity", times, result.equity(), bars);
		Charts.addLine(equityChart, "Buy and hold", times,
				Curves.buyAndHold(measured.close(), bars, result.settings().initialCapital()), bars, BUY_AND_HOLD);
		Charts.setData(drawdownChart, "Drawdown",
				times, Curves.drawdownPercent(result.equity(), bars, result.settings().initialCapital()), bars);
		trades.setRedraw(false);
		trades.removeAll();
		int decimals = measured.priceDecimals();
		for (Trade trade : result.trades()) {
			TableItem item = new TableItem(trades, SWT.NONE);
			item.setText(new String[] { trade.side().name(), Formats.barTime(trade.entryTime()),
					Formats.barTime(trade.exitTime()), Formats.price(trade.entryPrice(), decimals),
					Formats.price(trade.exitPrice(), decimals),
					Formats.money(trade.pnl()), Formats.percent(trade.netReturn()), String.valueOf(trade.exitReason()) });
		}
		trades.setRedraw(true);
		selection.getParent().layout(true, true);
	}

	/** Where the run entered (triangles up for longs, down for shorts) and where it exited (squares). */
	private static List<Charts.Markers> tradeMarkers(List<Trade> closed) {
		List<Trade> longs = closed.stream().filter(t -> t.side() == Side.LONG).toList();
		List<Trade> shorts = closed.stream().filter(t -> t.side() != Side.LONG).toList();
		return List.of(
				new Charts.Markers("Long entry", longs.stream().mapToLong(Trade::entryTime).toArray(),
						longs.stream().mapToDouble(Trade::entryPrice).toArray(), ENTRY, ShapeUtilities.createUpTriangle(4)),
				new Charts.Markers("Short entry", shorts.stream().mapToLong(Trade::entryTime).toArray(),
						shorts.stream().mapToDouble(Trade::entryPrice).toArray(), ENTRY, ShapeUtilities.createDownTriangle(4)),
				new Charts.Markers("Exit", closed.stream().mapToLong(Trade::exitTime).toArray(),
						closed.stream().mapToDouble(Trade::exitPrice).toArray(), EXIT,
						new java.awt.geom.Rectangle2D.Double(-3, -3, 6, 6)));
	}

	// --- for tests ---

	/** The names of the equity chart's lines. */
	List<String> equityLines() {
		var dataset = equityChart.getXYPlot().getDataset();
		List<String> names = new ArrayList<>();
		for (int i = 0; dataset != null && i < dataset.getSeriesCount(); i++) {
			names.add(String.valueOf(dataset.getSeriesKey(i)));
		}
		return names;
	}

	/** The last value of the equity chart's line named {@code name}. */
	double lastEquityValue(String name) {
		var dataset = equityChart.getXYPlot().getDataset();
		int series = equityLines().indexOf(name);
		return dataset.getYValue(series, dataset.getItemCount(series) - 1);
	}

	/** How many entries and exits the price chart marks. */
	int priceMarks() {
		var marks = priceChart.getXYPlot().getDataset(1);
		int count = 0;
		for (int i = 0; marks != null && i < marks.getSeriesCount(); i++) {
			count += marks.getItemCount(i);
		}
		return count;
	}

	/** The cells of every row, in table order. */
	List<String[]> rows() {
		List<String[]> rows = new ArrayList<>();
		for (TableItem item : viewer.getTable().getItems()) {
			String[] cells = new String[ResultsTable.COLUMNS.size()];
			for (int i = 0; i < cells.length; i++) {
				cells[i] = item.getText(i);
			}
			rows.add(cells);
		}
		return rows;
	}

	/** Answers where to export instead of the file dialog. */
	void answerFileChooser(Function<String, Path> chooser) {
		fileChooser = chooser;
	}

	/** The header's menu: which columns show. */
	Menu headerMenu() {
		return headerMenu;
	}

	/** The table of rows, which carries the rows' context menu. */
	Control rowsControl() {
		return viewer.getTable();
	}

	/** The row the table has selected. */
	ResultRow tableSelection() {
		return ((IStructuredSelection) viewer.getSelection()).getFirstElement() instanceof ResultRow row ? row : null;
	}

	ResultRow selected() {
		return selected;
	}

	String selectionText() {
		return selection.getText();
	}

	int tradeRows() {
		return trades.getItemCount();
	}

	int equityPoints() {
		var dataset = equityChart.getXYPlot().getDataset();
		return dataset == null || dataset.getSeriesCount() == 0 ? 0 : dataset.getItemCount(0);
	}
}
