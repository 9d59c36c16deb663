package io.backstop.app.parts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.util.List;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.renderer.xy.XYItemRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.swt.ChartComposite;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.ui.RectangleEdge;

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

	/** Names each line and mark of the chart below it: for charts that show more than one. */
	static JFreeChart withLegend(JFreeChart chart) {
		LegendTitle legend = new LegendTitle(chart.getXYPlot());
		legend.setPosition(RectangleEdge.BOTTOM);
		legend.setItemFont(legend.getItemFont().deriveFont(10f));
		chart.addLegend(legend);
		return chart;
	}

	/** Puts {@code values} against {@code times} (epoch millis) into the chart, thinned. */
	static void setData(JFreeChart chart, String name, long[] times, double[] values, int count) {
		XYSeriesCollection dataset = new XYSeriesCollection(thinned(name, times, values, count));
		chart.getXYPlot().setDataset(dataset);
		chart.getXYPlot().getRangeAxis().setAutoRange(true);
		((org.jfree.chart.axis.NumberAxis) chart.getXYPlot().getRangeAxis()).setAutoRangeIncludesZero(false);
	}

	/** Adds a line to what the chart shows, drawn in {@code color}, thinned as {@link #setData} thins. */
	static void addLine(JFreeChart chart, String name, long[] times, double[] values, int count, Color color) {
		XYSeriesCollection dataset = (XYSeriesCollection) chart.getXYPlot().getDataset();
		dataset.addSeries(thinned(name, times, values, count));
		XYItemRenderer renderer = chart.getXYPlot().getRenderer();
		renderer.setSeriesPaint(dataset.getSeriesCount() - 1, color);
		renderer.setSeriesStroke(dataset.getSeriesCount() - 1, new BasicStroke(1.0f));
	}

	/** The first {@code count} points, every n-th of them when more than {@link #MAX_POINTS}, and the last. */
	private static XYSeries thinned(String name, long[] times, double[] values, int count) {
		XYSeries series = new XYSeries(name, false, true);
		int n = Math.min(count, Math.min(times.length, values.length));
		int stride = Math.max(1, n / MAX_POINTS);
		for (int i = 0; i < n; i += stride) {
			series.add(times[i], values[i], false);
		}
		if (n > 0 && (n - 1) % stride != 0) {
			series.add(times[n - 1], values[n - 1], false);
		}
		return series;
	}

	/**
	 * Marks points on the chart over its line, unthinned: each series of {@code points} in its colour
	 * and shape (time, value pairs).
	 */
	static void setMarkers(JFreeChart chart, List<Markers> points) {
		XYSeriesCollection dataset = new XYSeriesCollection();
		XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(false, true);
		for (int s = 0; s < points.size(); s++) {
			Markers m = points.get(s);
			XYSeries series = new XYSeries(m.name(), false, true);
			for (int i = 0; i < m.times().length; i++) {
				series.add(m.times()[i], m.values()[i], false);
			}
			dataset.addSeries(series);
			renderer.setSeriesPaint(s, m.color());
			renderer.setSeriesShape(s, m.shape());
		}
		XYPlot plot = chart.getXYPlot();
		plot.setDataset(1, dataset);
		plot.setRenderer(1, renderer);
		plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
	}

	/** Points to mark: their times and values, how they are named, coloured and drawn. */
	record Markers(String name, long[] times, double[] values, Color color, Shape shape) {
	}

	static void clear(JFreeChart chart) {
		chart.getXYPlot().setDataset(1, null);
		chart.getXYPlot().setDataset(0, new XYSeriesCollection());
	}
}
