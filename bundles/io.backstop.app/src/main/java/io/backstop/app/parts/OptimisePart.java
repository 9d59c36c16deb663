package io.backstop.app.parts;

import java.awt.Color;
import java.util.List;
import java.util.Map;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import io.backstop.backtest.Strategy;
import io.backstop.optimise.Heatmap;
import io.backstop.optimise.OverfitReport;
import io.backstop.optimise.SearchHandle;
import io.backstop.optimise.SearchMethod;
import io.backstop.optimise.SearchStatus;
import io.backstop.optimise.WalkForwardHandle;
import io.backstop.optimise.WalkForwardResult;
import io.backstop.optimise.WalkForwardWindow;
import io.backstop.run.Formats;
import io.backstop.run.RunHandle;
import io.backstop.run.RunKind;
import io.backstop.run.RunObjective;
import io.backstop.run.RunRequest;
import io.backstop.run.RunService;
import io.backstop.sweep.SweepMetrics;

/**
 * The Optimise view: a random, genetic or CMA-ES search of a strategy on the open data with a heatmap of
 * its objective over two parameters (the others best-of or fixed at the best's values; cells no
 * evaluation reached shown as not evaluated; a click on a cell backtests it), and a walk-forward
 * analysis with its windows and stitched out-of-sample equity. Searches, walk-forwards and the cells'
 * backtests are run-service work: the Progress view shows them, the Results view their rows.
 */
public class OptimisePart {

	private static final int REFRESH_MILLIS = 400;

	@Inject
	private RunService runs;

	private Composite root;
	private Combo strategy;
	private Combo method;
	private Text budget;
	private Text seed;
	private Combo metric;
	private Text windows;
	private Text inBars;
	private Text outBars;
	private Button anchored;
	private Label status;
	private Label overfitting;
	private TabFolder tabs;
	private Combo xAxis;
	private Combo yAxis;
	private Combo others;
	private Canvas heatmapCanvas;
	private Table windowTable;
	private Label walkSummary;
	private JFreeChart equityChart;
	private XYSeries bestSoFar;
	private int bestSoFarShown;

	private volatile SearchHandle search;
	private volatile WalkForwardHandle walk;
	private Heatmap heatmap;
	private String searchLine;
	private boolean disposed;

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(1, false));
		Composite form = new Composite(root, SWT.NONE);
		form.setLayout(new GridLayout(11, false));
		form.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		strategy = combo(form, "Strategy", runs.strategies().stream().map(Strategy::id).toArray(String[]::new));
		strategy.addListener(SWT.Selection, e -> strategyChosen());
		method = combo(form, "Method", List.of(SearchMethod.values()).stream().map(SearchMethod::label).toArray(String[]::new));
		method.select(SearchMethod.GENETIC.ordinal());
		budget = text(form, "Budget", "300", 60);
		seed = text(form, "Seed", "1", 40);
		metric = combo(form, "Objective", new String[0]);
		Button start = new Button(form, SWT.PUSH);
		start.setText("Search");
		start.setToolTipText("Search the strategy's parameters on the open data");
		start.addListener(SWT.Selection, e -> startSearch());

		new Label(form, SWT.NONE).setText("Windows");
		windows = new Text(form, SWT.BORDER);
		windows.setText("4");
		windows.setLayoutData(new GridData(40, SWT.DEFAULT));
		inBars = text(form, "In bars", "8000", 60);
		outBars = text(form, "Out bars", "4000", 60);
		anchored = new Button(form, SWT.CHECK);
		anchored.setText("Anchored");
		for (int filler = 0; filler < 3; filler++) {
			new Label(form, SWT.NONE);
		}
		Button walkForward = new Button(form, SWT.PUSH);
		walkForward.setText("Walk forward");
		walkForward.setToolTipText("Search each in-sample window and test its best on the out-of-sample bars that follow");
		walkForward.addListener(SWT.Selection, e -> startWalkForward());

		status = new Label(root, SWT.WRAP);
		status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		overfitting = new Label(root, SWT.WRAP);
		overfitting.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));

		tabs = new TabFolder(root, SWT.TOP);
		tabs.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		createHeatmapTab();
		createWalkForwardTab();
		createBestSoFarTab();
		if (strategy.getItemCount() > 0) {
			strategy.select(0);
			strategyChosen();
		}
		root.getDisplay().timerExec(REFRESH_MILLIS, this::refresh);
	}

	@PreDestroy
	void dispose() {
		disposed = true;
	}

	private static Combo combo(Composite parent, String label, String[] items) {
		new Label(parent, SWT.NONE).setText(label);
		Combo combo = new Combo(parent, SWT.READ_ONLY);
		combo.setItems(items);
		return combo;
	}

	private static Text text(Composite parent, String label, String value, int width) {
		new Label(parent, SWT.NONE).setText(label);
		Text text = new Text(parent, SWT.BORDER);
		text.setText(value);
		text.setLayoutData(new GridData(width, SWT.DEFAULT));
		return text;
	}

	private void createHeatmapTab() {
		TabItem item = new TabItem(tabs, SWT.NONE);
		item.setText("Heatmap");
		Composite page = new Composite(tabs, SWT.NONE);
		page.setLayout(new GridLayout(7, false));
		xAxis = combo(page, "Columns", new String[0]);
		yAxis = combo(page, "Rows", new String[0]);
		others = combo(page, "Other parameters", new String[] { "best-of", "fixed at the best's" });
		others.select(0);
		others.setData("id", "optimise.heatmap.others");
		Label hint = new Label(page, SWT.NONE);
		hint.setText("Best objective of each pair; click a cell to backtest it");
		xAxis.addListener(SWT.Selection, e -> redrawHeatmap());
		yAxis.addListener(SWT.Selection, e -> redrawHeatmap());
		others.addListener(SWT.Selection, e -> redrawHeatmap());
		heatmapCanvas = new Canvas(page, SWT.DOUBLE_BUFFERED);
		heatmapCanvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 7, 1));
		heatmapCanvas.addPaintListener(e -> paintHeatmap(e.gc, heatmapCanvas.getClientArea()));
		heatmapCanvas.addListener(SWT.MouseUp, e -> backtestCell(e.x, e.y));
		item.setControl(page);
	}

	private void createWalkForwardTab() {
		TabItem item = new TabItem(tabs, SWT.NONE);
		item.setText("Walk-forward");
		Composite page = new Composite(tabs, SWT.NONE);
		page.setLayout(new GridLayout(1, false));
		windowTable = new Table(page, SWT.BORDER | SWT.FULL_SELECTION);
		windowTable.setHeaderVisible(true);
		GridData tableData = new GridData(SWT.FILL, SWT.TOP, true, false);
		tableData.heightHint = 130;
		windowTable.setLayoutData(tableData);
		for (String title : new String[] { "Window", "In-sample bars", "Out-of-sample bars", "Parameters", "In objective",
				"Out objective", "In return/yr", "Out return/yr", "Efficiency" }) {
			TableColumn column = new TableColumn(windowTable, SWT.RIGHT);
			column.setText(title);
			column.pack();
		}
		walkSummary = new Label(page, SWT.NONE);
		walkSummary.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		equityChart = Charts.timeChart("Stitched out-of-sample equity", "Equity", new Color(30, 120, 60));
		Charts.composite(page, equityChart).setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		item.setControl(page);
	}

	private void createBestSoFarTab() {
		TabItem item = new TabItem(tabs, SWT.NONE);
		item.setText("Best so far");
		bestSoFar = new XYSeries("Best objective");
		JFreeChart chart = ChartFactory.createXYLineChart(null, "Evaluations", "Best objective",
				new XYSeriesCollection(bestSoFar), PlotOrientation.VERTICAL, false, true, false);
		chart.setBackgroundPaint(Color.WHITE);
		chart.getXYPlot().setBackgroundPaint(Color.WHITE);
		chart.getXYPlot().getRenderer().setSeriesPaint(0, new Color(30, 90, 170));
		item.setControl(Charts.composite(tabs, chart));
	}

	private void strategyChosen() {
		String id = strategy.getText();
		List<String> metrics = SweepMetrics.FIGURES;
		metric.setItems(metrics.toArray(String[]::new));
		metric.select(Math.max(0, metrics.indexOf(RunObjective.DEFAULT.metric())));
		String[] parameters = runs.strategy(id).parameters().stream().map(p -> p.name()).toArray(String[]::new);
		xAxis.setItems(parameters);
		yAxis.setItems(parameters);
		xAxis.select(0);
		yAxis.select(Math.min(1, parameters.length - 1));
	}

	/** The request the form describes, of {@code kind}; null with the problem shown when it cannot be made. */
	private RunRequest.Builder request(RunKind kind) {
		try {
			return RunRequest.builder(kind, strategy.getText()).objective(RunObjective.maximise(metric.getText()))
					.search(new RunRequest.Search(method.getText(), whole("budget", budget.getText()),
							whole("seed", seed.getText()), 0));
		} catch (IllegalArgumentException e) {
			problem(e.getMessage());
			return null;
		}
	}

	private static int whole(String field, String text) {
		try {
			return Integer.parseInt(text.strip());
		} catch (NumberFormatException e) {
			throw new IllegalArgumentException(field + ": '" + text + "' is not a whole number");
		}
	}

	/** Starts a search as the form describes it. */
	public void startSearch() {
		RunRequest.Builder request = request(RunKind.SEARCH);
		if (request == null) {
			return;
		}
		try {
			RunHandle run = runs.start(request.build());
			search = runs.search(run.id()).orElseThrow();
			heatmap = null;
			bestSoFar.clear();
			bestSoFarShown = 0;
			overfitting.setText("");
			SearchHandle started = search;
			run.completion().thenRunAsync(() -> checkOverfitting(started));
			tabs.setSelection(0);
			info("Search " + run.id() + " started");
		} catch (RuntimeException e) {
			problem(e.getMessage());
		}
	}

	/** Starts a walk-forward analysis as the form describes it. */
	public void startWalkForward() {
		RunRequest.Builder request = request(RunKind.WALK_FORWARD);
		if (request == null) {
			return;
		}
		try {
			RunHandle run = runs.start(request.walkForward(new RunRequest.WalkForward(whole("windows", windows.getText()),
					whole("in bars", inBars.getText()), whole("out bars", outBars.getText()), anchored.getSelection(), 0))
					.build());
			walk = runs.walkForward(run.id()).orElseThrow();
			tabs.setSelection(1);
			info("Walk-forward " + run.id() + " started");
		} catch (RuntimeException e) {
			problem(e.getMessage());
		}
	}

	private void refresh() {
		if (disposed || root.isDisposed()) {
			return;
		}
		SearchHandle s = search;
		if (s != null) {
			SearchStatus st = s.status();
			String line = s.id() + " " + st.state().label() + ": " + Formats.count(st.evaluations()) + " of "
					+ Formats.count(st.budget()) + " evaluations"
					+ (st.best() == null ? "" : " · best " + s.spec().objective().metric() + " " + Formats.number(st.best().objective()))
					+ (st.state().isFinished() ? " · " + st.message() : "");
			if (!st.state().isFinished() || heatmap == null || heatmapStale(st)) {
				redrawHeatmap();
			}
			double[] curve = s.bestSoFar();
			if (curve.length > bestSoFarShown) {
				for (; bestSoFarShown < curve.length; bestSoFarShown++) {
					if (!Double.isNaN(curve[bestSoFarShown])) {
						bestSoFar.add(bestSoFarShown + 1, curve[bestSoFarShown], false);
					}
				}
				bestSoFar.fireSeriesChanged();
			}
			if (!line.equals(searchLine) && (walk == null || tabs.getSelectionIndex() == 0)) {
				searchLine = line;
				info(line); // only when it changes: a line about a cell's backtest stays until then
			}
		}
		WalkForwardHandle w = walk;
		if (w != null) {
			showWalkForward(w.result(), w);
		}
		root.getDisplay().timerExec(REFRESH_MILLIS, this::refresh);
	}

	private boolean heatmapStale(SearchStatus st) {
		int shown = 0;
		for (var row : heatmap.best()) {
			for (var cell : row) {
				shown = cell == null ? shown : Math.max(shown, cell.index() + 1);
			}
		}
		return st.best() != null && shown < st.best().index() + 1;
	}

	private void redrawHeatmap() {
		SearchHandle s = search;
		if (s == null || xAxis.getText().isEmpty() || yAxis.getText().isEmpty()) {
			return;
		}
		try {
			heatmap = runs.heatmap(s.id(), xAxis.getText(), yAxis.getText(), others.getSelectionIndex() != 1);
		} catch (IllegalArgumentException e) {
			heatmap = null;
			problem(e.getMessage());
		}
		heatmapCanvas.redraw();
	}

	/** The cell under a point of the canvas: {row, column}, or null. */
	private int[] cellAt(int px, int py, Rectangle area) {
		Heatmap map = heatmap;
		if (map == null || map.xValues().length == 0 || map.yValues().length == 0) {
			return null;
		}
		Rectangle grid = gridArea(area);
		if (!grid.contains(px, py)) {
			return null;
		}
		int column = (px - grid.x) * map.xValues().length / grid.width;
		int row = (grid.y + grid.height - 1 - py) * map.yValues().length / grid.height;
		return new int[] { row, column };
	}

	private static Rectangle gridArea(Rectangle area) {
		int left = 70;
		int bottom = 40;
		int top = 24;
		return new Rectangle(area.x + left, area.y + top, Math.max(1, area.width - left - 20),
				Math.max(1, area.height - bottom - top));
	}

	private void paintHeatmap(GC gc, Rectangle area) {
		Heatmap map = heatmap;
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(area);
		if (map == null || map.xValues().length == 0) {
			gc.drawText(search == null ? "Run a search to see its heatmap" : "No evaluation yet", area.x + 10, area.y + 10);
			return;
		}
		Rectangle grid = gridArea(area);
		int columns = map.xValues().length;
		int rows = map.yValues().length;
		double[] range = map.valueRange();
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < columns; c++) {
				int x0 = grid.x + c * grid.width / columns;
				int x1 = grid.x + (c + 1) * grid.width / columns;
				int y1 = grid.y + grid.height - r * grid.height / rows;
				int y0 = grid.y + grid.height - (r + 1) * grid.height / rows;
				double v = map.values()[r][c];
				boolean notEvaluated = map.notEvaluated(r, c);
				org.eclipse.swt.graphics.Color fill = notEvaluated ? null : colour(gc, v, range);
				gc.setBackground(notEvaluated ? gc.getDevice().getSystemColor(SWT.COLOR_WHITE) : fill);
				gc.fillRectangle(x0, y0, x1 - x0, y1 - y0);
				if (fill != null) {
					fill.dispose();
				}
				if (notEvaluated) {
					hatch(gc, x0, y0, x1, y1);
				}
				String label = notEvaluated ? "" : Double.isNaN(v) ? "refused" : Formats.number(v);
				Point size = gc.textExtent(label);
				if (size.x + 4 < x1 - x0 && size.y < y1 - y0) {
					gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
					gc.drawText(label, (x0 + x1 - size.x) / 2, (y0 + y1 - size.y) / 2, true);
				}
			}
		}
		gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_DARK_GRAY));
		gc.drawRectangle(grid);
		int step = Math.max(1, columns / 12);
		for (int c = 0; c < columns; c += step) {
			String text = Formats.plain(map.xValues()[c]);
			int centre = grid.x + (2 * c + 1) * grid.width / (2 * columns);
			gc.drawText(text, centre - gc.textExtent(text).x / 2, grid.y + grid.height + 4, true);
		}
		gc.drawText(map.x(), grid.x + grid.width / 2 - gc.textExtent(map.x()).x / 2, grid.y + grid.height + 20, true);
		int rowStep = Math.max(1, rows / 12);
		for (int r = 0; r < rows; r += rowStep) {
			String text = Formats.plain(map.yValues()[r]);
			int centre = grid.y + grid.height - (2 * r + 1) * grid.height / (2 * rows);
			gc.drawText(text, grid.x - gc.textExtent(text).x - 4, centre - gc.textExtent(text).y / 2, true);
		}
		gc.drawText(map.y(), area.x + 2, area.y + 2, true);
		String legend = "hatched: not evaluated · grey: only refused parameters · "
				+ (map.fixed().isEmpty() ? "other parameters best-of" : "others fixed at the best's: " + parametersText(map.fixed()));
		gc.drawText(legend, grid.x + grid.width - gc.textExtent(legend).x, area.y + 2, true);
	}

	/** Light diagonal lines over a cell no evaluation reached: unlike any colour an objective gets. */
	private static void hatch(GC gc, int x0, int y0, int x1, int y1) {
		gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_GRAY));
		gc.setClipping(x0, y0, x1 - x0, y1 - y0);
		for (int d = -(y1 - y0); d < x1 - x0; d += 6) {
			gc.drawLine(x0 + d, y1, x0 + d + (y1 - y0), y0);
		}
		gc.setClipping((Rectangle) null);
	}

	/** Red for the lowest objective, yellow, green for the highest; grey where only refused parameters were evaluated. */
	private static org.eclipse.swt.graphics.Color colour(GC gc, double v, double[] range) {
		if (Double.isNaN(v)) {
			return new org.eclipse.swt.graphics.Color(gc.getDevice(), 235, 235, 235);
		}
		double t = range[1] > range[0] ? (v - range[0]) / (range[1] - range[0]) : 1;
		int red = t < 0.5 ? 215 : (int) (215 - (t - 0.5) * 2 * 160);
		int green = t < 0.5 ? (int) (60 + t * 2 * 150) : 210;
		return new org.eclipse.swt.graphics.Color(gc.getDevice(), red, green, 70);
	}

	/** Backtests the cell under a click on the canvas with its parameters; the Results view shows it. */
	void backtestCell(int px, int py) {
		int[] cell = cellAt(px, py, heatmapCanvas.getClientArea());
		if (cell == null) {
			return;
		}
		Map<String, Double> parameters = heatmap.parametersAt(cell[0], cell[1]);
		if (parameters.isEmpty()) {
			info(heatmap.notEvaluated(cell[0], cell[1]) ? "The search did not evaluate that cell"
					: "The strategy refuses the parameters of that cell");
			return;
		}
		try {
			RunRequest.Builder request = RunRequest.builder(RunKind.BACKTEST, search.spec().strategyId())
					.settings(search.spec().settings());
			parameters.forEach((name, value) -> request.parameter(name, Formats.plain(value)));
			var run = runs.start(request.build());
			info("Backtest " + run.id() + " of " + parametersText(parameters) + " started; the Results view shows it");
		} catch (RuntimeException e) {
			problem(e.getMessage());
		}
	}

	/** The overfitting checks of a finished search, computed off the UI thread, shown in one line each. */
	private void checkOverfitting(SearchHandle finished) {
		String text;
		try {
			OverfitReport report = runs.overfit(finished.id());
			text = report.deflatedSharpe().reading() + System.lineSeparator() + report.backtestOverfitting().reading();
		} catch (RuntimeException e) {
			text = "Overfitting checks: " + e.getMessage();
		}
		String shown = text;
		root.getDisplay().asyncExec(() -> {
			if (!overfitting.isDisposed() && search == finished) {
				overfitting.setText(shown);
				root.layout(true, true);
			}
		});
	}

	private void showWalkForward(WalkForwardResult result, WalkForwardHandle w) {
		if (windowTable.getItemCount() != result.windows().size()) {
			windowTable.removeAll();
			for (WalkForwardWindow window : result.windows()) {
				TableItem item = new TableItem(windowTable, SWT.NONE);
				item.setText(new String[] { Integer.toString(window.index() + 1), Formats.count(window.inTo() - window.inFrom()),
						Formats.count(window.outTo() - window.inTo()),
						window.parameters().isEmpty() ? "none valid" : parametersText(window.parameters()),
						Formats.number(window.inObjective()), Formats.number(window.outObjective()),
						Formats.percent(window.inAnnualReturn()), Formats.percent(window.outAnnualReturn()),
						Formats.percent(window.efficiency()) });
			}
			for (TableColumn column : windowTable.getColumns()) {
				column.pack();
			}
			Charts.setData(equityChart, "Out-of-sample equity", result.stitchedTimes(), result.stitchedEquity(),
					result.stitchedEquity().length);
		}
		walkSummary.setText(w.id() + " " + result.state().label() + ": " + result.windows().size() + " of "
				+ w.spec().windows() + " windows · stitched out-of-sample return " + Formats.percent(result.outOfSampleReturn())
				+ " · walk-forward efficiency " + Formats.percent(result.efficiency())
				+ (result.state().isFinished() ? " · " + result.message() : ""));
		if (tabs.getSelectionIndex() == 1) {
			info(walkSummary.getText());
		}
	}

	private static String parametersText(Map<String, Double> parameters) {
		StringBuilder s = new StringBuilder();
		parameters.forEach((name, value) -> s.append(s.isEmpty() ? "" : ", ").append(name).append('=').append(Formats.plain(value)));
		return s.toString();
	}

	private void info(String text) {
		status.setForeground(null);
		status.setText(text);
	}

	private void problem(String text) {
		status.setForeground(status.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		status.setText(text);
	}

	/** The heatmap shown, for tests. */
	Heatmap heatmap() {
		return heatmap;
	}

	/** The point at the centre of a cell of the heatmap canvas, for tests. */
	Point cellCentre(int row, int column) {
		Rectangle grid = gridArea(heatmapCanvas.getClientArea());
		int columns = heatmap.xValues().length;
		int rows = heatmap.yValues().length;
		return new Point(grid.x + (2 * column + 1) * grid.width / (2 * columns),
				grid.y + grid.height - (2 * row + 1) * grid.height / (2 * rows));
	}

	/** Fills the form, for tests: a strategy of the list, a method, a budget, and the walk-forward's windows. */
	void fill(String strategyId, SearchMethod searchMethod, int evaluations, int windowCount, int in, int out) {
		strategy.select(strategy.indexOf(strategyId));
		strategyChosen();
		method.select(searchMethod.ordinal());
		budget.setText(Integer.toString(evaluations));
		windows.setText(Integer.toString(windowCount));
		inBars.setText(Integer.toString(in));
		outBars.setText(Integer.toString(out));
	}

	/** Chooses best-of (0) or fixed at the best's values (1) for the other parameters, for tests. */
	void othersFixed(boolean fixed) {
		others.select(fixed ? 1 : 0);
		redrawHeatmap();
	}

	Canvas heatmapCanvas() {
		return heatmapCanvas;
	}

	SearchHandle search() {
		return search;
	}

	WalkForwardHandle walkForward() {
		return walk;
	}

	Table windowTable() {
		return windowTable;
	}

	XYSeries bestSoFarSeries() {
		return bestSoFar;
	}

	TabFolder tabs() {
		return tabs;
	}

	Label status() {
		return status;
	}

	Label overfitting() {
		return overfitting;
	}
}
