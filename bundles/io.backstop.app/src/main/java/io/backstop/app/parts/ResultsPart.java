package io.backstop.app.parts;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.di.annotations.Optional;
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

import io.backstop.app.model.Curves;
import io.backstop.app.model.Figures;
import io.backstop.app.model.Format;
import io.backstop.app.model.RecomputeJob;
import io.backstop.app.model.RunRecord;
import io.backstop.app.model.Session;
import io.backstop.backtest.BacktestResult;
import io.backstop.backtest.StrategyRegistry;
import io.backstop.backtest.Trade;
import io.backstop.estop.api.StopSignal;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Results view: every run or sweep combination with its key metrics, sortable by any
 * column; the selected one's equity curve, drawdown and trades.
 */
public class ResultsPart {

	private record Column(String name, int width, Function<RunRecord, String> text, Comparator<RunRecord> order) {
	}

	private static Column metric(String name, int width, Function<Figures, Double> value, Function<Double, String> text) {
		return new Column(name, width, r -> {
			double v = value.apply(r.figures());
			return Double.isNaN(v) ? "" : text.apply(v);
		}, Comparator.comparingDouble(r -> {
			double v = value.apply(r.figures());
			return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
		}));
	}

	private static final List<Column> COLUMNS = List.of(
			new Column("#", 45, r -> String.valueOf(r.number()), Comparator.comparingInt(RunRecord::number)),
			new Column("Status", 120, RunRecord::status, Comparator.comparing(RunRecord::status)),
			metric("Return", 80, Figures::totalReturn, Format::percent),
			metric("Sharpe", 65, Figures::sharpe, Format::decimal),
			metric("Max DD", 75, Figures::maxDrawdown, Format::percent),
			metric("Trades", 60, Figures::trades, v -> String.valueOf(Math.round(v))),
			metric("Win rate", 75, Figures::winRate, Format::percent),
			metric("Profit factor", 90, Figures::profitFactor, Format::decimal),
			metric("Final equity", 95, Figures::finalEquity, Format::money),
			new Column("Parameters", 330, r -> r.parameters().toString(), Comparator.comparing(r -> r.parameters().toString())),
			new Column("Strategy", 120, RunRecord::strategyId, Comparator.comparing(RunRecord::strategyId)),
			new Column("Run", 300, RunRecord::origin, Comparator.comparing(RunRecord::origin)));

	private static final String[] TRADE_COLUMNS = { "Side", "Entry", "Exit", "Entry price", "Exit price", "PnL",
			"Return", "Exit reason" };

	@Inject
	private Session session;

	@Inject
	@Optional
	private StrategyRegistry registryService;

	@Inject
	@Optional
	private StopSignal signal;

	private Composite root;
	private Table table;
	private Label selection;
	private JFreeChart equityChart;
	private JFreeChart drawdownChart;
	private Table trades;
	private Runnable unsubscribe;
	private int sortColumn = 0;
	private int sortDirection = SWT.UP;
	private RunRecord selected;

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new FillLayout());
		SashForm vertical = new SashForm(root, SWT.VERTICAL);

		table = new Table(vertical, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		for (int i = 0; i < COLUMNS.size(); i++) {
			Column c = COLUMNS.get(i);
			TableColumn column = new TableColumn(table, i == 0 || (i >= 2 && i <= 8) ? SWT.RIGHT : SWT.LEFT);
			column.setText(c.name());
			column.setWidth(c.width());
			int index = i;
			column.addListener(SWT.Selection, e -> sortBy(index,
					sortColumn == index && sortDirection == SWT.UP ? SWT.DOWN : SWT.UP));
		}
		table.addListener(SWT.Selection, e -> {
			if (e.item != null && e.item.getData() instanceof RunRecord row) {
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

		unsubscribe = session.onResults(() -> root.getDisplay().asyncExec(this::refresh));
		refresh();
	}

	private void refresh() {
		if (table.isDisposed()) {
			return;
		}
		List<RunRecord> rows = new ArrayList<>(session.results());
		Comparator<RunRecord> order = COLUMNS.get(sortColumn).order();
		rows.sort(sortDirection == SWT.UP ? order : order.reversed());
		table.setRedraw(false);
		try {
			table.removeAll();
			RunRecord newest = null;
			for (RunRecord row : rows) {
				TableItem item = new TableItem(table, SWT.NONE);
				item.setData(row);
				for (int i = 0; i < COLUMNS.size(); i++) {
					item.setText(i, COLUMNS.get(i).text().apply(row));
				}
				if (newest == null || row.number() > newest.number()) {
					newest = row;
				}
				if (selected != null && row.number() == selected.number()) {
					table.setSelection(item);
					selected = row; // the current record: a curve the stop dropped is let go here too
				}
			}
			table.setSortColumn(table.getColumn(sortColumn));
			table.setSortDirection(sortDirection);
			if (selected == null && newest != null) {
				// the newest run's first row: a backtest, or the best combination of a sweep
				RunRecord first = newest;
				for (RunRecord row : rows) {
					if (row.origin().equals(newest.origin()) && row.number() < first.number()) {
						first = row;
					}
				}
				select(first);
				for (TableItem item : table.getItems()) {
					if (item.getData() == first) {
						table.setSelection(item);
					}
				}
			}
		} finally {
			table.setRedraw(true);
		}
	}

	/** Sorts by a column, {@link SWT#UP} or {@link SWT#DOWN}. */
	void sortBy(int column, int direction) {
		sortColumn = column;
		sortDirection = direction;
		refresh();
	}

	/** Shows a row's curves and trades, recomputing them when only its metrics are known. */
	void select(RunRecord row) {
		selected = row;
		if (row.result() == null) {
			selection.setText("#" + row.number() + " " + row.strategyId() + " (" + row.parameters() + "): computing its equity curve...");
			Charts.clear(equityChart);
			Charts.clear(drawdownChart);
			trades.removeAll();
			StrategyRegistry registry = registryService != null ? registryService : StrategyRegistry.standard();
			RecomputeJob job = new RecomputeJob(session, row, registry, signal, full -> root.getDisplay().asyncExec(() -> {
				if (!root.isDisposed() && selected != null && selected.number() == full.number()) {
					show(full);
				}
			}));
			job.addJobChangeListener(new JobChangeAdapter() {
				@Override
				public void done(IJobChangeEvent event) {
					if (!event.getResult().isOK() && !root.isDisposed()) {
						root.getDisplay().asyncExec(() -> notComputed(row, event.getResult().getMessage()));
					}
				}
			});
			job.schedule();
			return;
		}
		show(row);
	}

	private void notComputed(RunRecord row, String why) {
		if (!root.isDisposed() && selected != null && selected.number() == row.number()) {
			selection.setText("#" + row.number() + " " + row.strategyId() + " (" + row.parameters()
					+ "): the equity curve was not computed. " + why);
			selection.getParent().layout(true, true);
		}
	}

	private void show(RunRecord row) {
		selected = row;
		BacktestResult result = row.result();
		long[] times = row.series().timestamps();
		int bars = result.barsProcessed();
		selection.setText("#" + row.number() + " " + row.strategyId() + " (" + row.parameters() + "), " + row.status()
				+ ": " + bars + " bars, " + result.trades().size() + " trades, return "
				+ Format.percent(result.metrics().totalReturn()));
		Charts.setData(equityChart, "Equity", times, result.equity(), bars);
		Charts.setData(drawdownChart, "Drawdown",
				times, Curves.drawdownPercent(result.equity(), bars, result.settings().initialCapital()), bars);
		trades.setRedraw(false);
		trades.removeAll();
		for (Trade trade : result.trades()) {
			TableItem item = new TableItem(trades, SWT.NONE);
			item.setText(new String[] { trade.side().name(), Format.utc(trade.entryTime()), Format.utc(trade.exitTime()),
					Format.money(trade.entryPrice()), Format.money(trade.exitPrice()), Format.money(trade.pnl()),
					Format.percent(trade.netReturn()), String.valueOf(trade.exitReason()) });
		}
		trades.setRedraw(true);
		selection.getParent().layout(true, true);
	}

	@PreDestroy
	void dispose() {
		if (unsubscribe != null) {
			unsubscribe.run();
		}
	}

	// --- for tests ---

	/** The cells of every row, in table order. */
	List<String[]> rows() {
		List<String[]> rows = new ArrayList<>();
		for (TableItem item : table.getItems()) {
			String[] cells = new String[COLUMNS.size()];
			for (int i = 0; i < cells.length; i++) {
				cells[i] = item.getText(i);
			}
			rows.add(cells);
		}
		return rows;
	}

	static int columnIndex(String name) {
		for (int i = 0; i < COLUMNS.size(); i++) {
			if (COLUMNS.get(i).name().equals(name)) {
				return i;
			}
		}
		throw new IllegalArgumentException(name);
	}

	RunRecord selected() {
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
