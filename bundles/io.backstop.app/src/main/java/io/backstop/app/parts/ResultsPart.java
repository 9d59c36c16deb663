package io.backstop.app.parts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
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
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.jfree.chart.JFreeChart;
import org.osgi.service.event.Event;

import io.backstop.app.model.Curves;
import io.backstop.app.model.ResultsTable;
import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.Trade;
import io.backstop.run.Formats;
import io.backstop.run.ResultRow;
import io.backstop.run.RunEvents;
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

	private static final String[] TRADE_COLUMNS = { "Side", "Entry", "Exit", "Entry price", "Exit price", "PnL",
			"Return", "Exit reason" };

	@Inject
	private RunService runs;

	@Inject
	@Optional
	private ESelectionService selectionService;

	private Composite root;
	private TableViewer viewer;
	private final Sorter sorter = new Sorter();
	private Label selection;
	private JFreeChart equityChart;
	private JFreeChart drawdownChart;
	private Table trades;
	private ResultRow selected;

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
			column.getColumn().setWidth(c.width());
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
		equityChart = Charts.timeChart("Equity", "Equity", new Color(30, 120, 60));
		Charts.composite(charts, equityChart);
		drawdownChart = Charts.timeChart("Drawdown", "Drawdown %", new Color(190, 40, 40));
		Charts.composite(charts, drawdownChart);
		charts.setWeights(60, 40);
		trades = new Table(horizontal, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL);
		trades.setHeaderVisible(true);
		trades.setLinesVisible(true);
		int[] widths = { 50, 120, 120, 85, 85, 80, 70, 90 };
		for (int i = 0; i < TRADE_COLUMNS.length; i++) {
			TableColumn column = new TableColumn(trades, i == 0 || i == 1 || i == 2 || i == 7 ? SWT.LEFT : SWT.RIGHT);
			column.setText(TRADE_COLUMNS[i]);
			column.setWidth(widths[i]);
		}
		horizontal.setWeights(62, 38);
		vertical.setWeights(35, 65);
		refresh();
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
		ResultRow current = selected == null ? null
				: rows.stream().filter(r -> r.number() == selected.number()).findFirst().orElse(null);
		if (current != null) {
			selected = current; // the current row: a curve the stop dropped is let go here too
			viewer.setSelection(new StructuredSelection(current), true);
		} else if (!rows.isEmpty()) {
			// the newest run's first row: a backtest, or the best combination of a sweep
			String newestRun = rows.get(rows.size() - 1).runId();
			// selecting it in the table publishes and shows it (the selection listener)
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
		selection.setText(ResultsTable.describe(row) + ": computing its equity curve...");
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
				selection.setText(ResultsTable.describe(row) + ": the equity curve was not computed. "
						+ (cause instanceof CancellationException ? "The emergency stop halted it." : cause.getMessage()));
				selection.getParent().layout(true, true);
			}
		}));
	}

	private static boolean sameRow(ResultRow a, ResultRow b) {
		return a != null && b != null && a.number() == b.number();
	}

	private void show(ResultRow row, BacktestResult result) {
		long[] times = row.series().timestamps();
		int bars = result.barsProcessed();
		selection.setText(ResultsTable.describe(row) + " · " + Formats.count(bars) + (bars == 1 ? " bar, " : " bars, ")
				+ Formats.count(result.trades().size()) + (result.trades().size() == 1 ? " trade" : " trades"));
		Charts.setData(equityChart, "Equity", times, result.equity(), bars);
		Charts.setData(drawdownChart, "Drawdown",
				times, Curves.drawdownPercent(result.equity(), bars, result.settings().initialCapital()), bars);
		trades.setRedraw(false);
		trades.removeAll();
		for (Trade trade : result.trades()) {
			TableItem item = new TableItem(trades, SWT.NONE);
			item.setText(new String[] { trade.side().name(), Formats.barTime(trade.entryTime()),
					Formats.barTime(trade.exitTime()), Formats.money(trade.entryPrice()), Formats.money(trade.exitPrice()),
					Formats.money(trade.pnl()), Formats.percent(trade.netReturn()), String.valueOf(trade.exitReason()) });
		}
		trades.setRedraw(true);
		selection.getParent().layout(true, true);
	}

	// --- for tests ---

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
