package io.backstop.app.parts;

import java.awt.Color;
import java.nio.file.Path;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.jfree.chart.JFreeChart;
import org.osgi.service.event.Event;

import io.backstop.app.model.DataFacts;
import io.backstop.app.model.DataLoader;
import io.backstop.data.OhlcvSeries;
import io.backstop.estop.api.StopSignal;
import io.backstop.run.RunEvents;
import io.backstop.run.RunService;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The Data view: the open series (name, bars, span) and its price chart; opens CSV files. */
public class DataPart {

	@Inject
	private RunService runs;

	@Inject
	@Optional
	private StopSignal signal;

	private Composite root;
	private Label title;
	private Label facts;
	private Label problem;
	private JFreeChart chart;

	@PostConstruct
	public void create(Composite parent) {
		root = new Composite(parent, SWT.NONE);
		root.setLayout(new GridLayout(2, false));
		title = new Label(root, SWT.NONE);
		title.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		Button open = new Button(root, SWT.PUSH);
		open.setText("Open CSV...");
		open.setToolTipText("Open OHLCV data: timestamp, open, high, low, close, volume");
		open.addListener(SWT.Selection, e -> openFile());
		facts = new Label(root, SWT.WRAP);
		facts.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		problem = new Label(root, SWT.WRAP);
		problem.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
		problem.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 2, 1));
		chart = Charts.timeChart(null, "Close", new Color(30, 90, 170));
		Charts.composite(root, chart).setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));

		if (runs.series().isPresent()) {
			show(runs.series().get());
		} else {
			title.setText("Loading the sample data...");
			DataLoader.load(runs, null, signal, this::reportProblem);
		}
	}

	@Inject
	@Optional
	void onDataOpened(@UIEventTopic(RunEvents.DATA_OPENED) Event event) {
		if (root != null) {
			runs.series().ifPresent(this::show);
		}
	}

	/** Asks for a CSV file and loads it in a Job. */
	public void openFile() {
		FileDialog dialog = new FileDialog(root.getShell(), SWT.OPEN);
		dialog.setText("Open market data (CSV)");
		dialog.setFilterExtensions(new String[] { "*.csv", "*" });
		dialog.setFilterNames(new String[] { "CSV files (*.csv)", "All files" });
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
		facts.setText(DataFacts.describe(series) + System.lineSeparator() + "Source: " + DataFacts.source(series));
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
}
