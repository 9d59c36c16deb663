package io.backstop.app.parts;

import java.awt.BasicStroke;
import java.awt.Color;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** Time charts drawn by JFreeChart into an SWT {@link ChartComposite}. */
final class Charts {

	/** More points than this are thinned to every n-th (the chart is a few hundred pixels wide). */
	static final int MAX_POINTS = 2000;

	private Charts() {
	}

	/** A ChartComposite that redraws at its real size (no scaling of a fixed-size buffer). */
	static ChartComposite composite(Composite parent, JFreeChart chart) {
		ChartComposite composite = new ChartComposite(parent, SWT.NONE, chart, 600, 300, 100, 80, 4000, 3000, true,
				false, true, true, true, true);
		composite.setRangeZoomable(false);
		return composite;
	}

	/** An empty time chart. */
	static JFreeChart timeChart(String title, String valueLabel, Color color) {
		JFreeChart chart = ChartFactory.createTimeSeriesChart(title, null, valueLabel, new XYSeriesCollection(), false,
				true, false);
		chart.setBackgroundPaint(Color.WHITE);
		if (chart.getTitle() != null) {
			chart.getTitle().setFont(chart.getTitle().getFont().deriveFont(12f));
		}
		XYPlot plot = chart.getXYPlot();
		plot.setBackgroundPaint(Color.WHITE);
		plot.setDomainGridlinePaint(new Color(220, 220, 220));
		plot.setRangeGridlinePaint(new Color(220, 220, 220));
		((DateAxis) plot.getDomainAxis()).setLowerMargin(0.01);
		XYItemRenderer renderer = plot.getRenderer();
		renderer.setSeriesPaint(0, color);
		renderer.setSeriesStroke(0, new BasicStroke(1.2f));
		return chart;
	}

	/** Puts {@code values} against {@code times} (epoch millis) into the chart, thinned. */
	static void setData(JFreeChart chart, String name, long[] times, double[] values, int count) {
		XYSeries series = new XYSeries(name, false, true);
		int n = Math.min(count, Math.min(times.length, values.length));
		int stride = Math.max(1, n / MAX_POINTS);
		for (int i = 0; i < n; i += stride) {
			series.add(times[i], values[i], false);
		}
		if (n > 0 && (n - 1) % stride != 0) {
			series.add(times[n - 1], values[n - 1], false);
		}
		XYSeriesCollection dataset = new XYSeriesCollection(series);
		chart.getXYPlot().setDataset(dataset);
		chart.getXYPlot().getRangeAxis().setAutoRange(true);
		((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
	}

	static void clear(JFreeChart chart) {
		chart.getXYPlot().setDataset(new XYSeriesCollection());
	}
}
