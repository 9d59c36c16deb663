package io.backstop.optimise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The objective of a search's evaluations over two of its parameters: each cell holds the best
 * objective among the evaluations with that pair of values (the other parameters best-of), and the
 * parameters of that evaluation, which a backtest of the cell runs.
 *
 * @param metric   the objective's metric
 * @param x        the parameter along the columns
 * @param y        the parameter along the rows
 * @param xValues  the column values, ascending: those evaluated
 * @param yValues  the row values, ascending
 * @param values   {@code values[row][column]}: the best objective; NaN where nothing valid was evaluated
 * @param best     {@code best[row][column]}: the evaluation behind the value; null where none
 */
public record Heatmap(String metric, String x, String y, double[] xValues, double[] yValues, double[][] values,
		Evaluation[][] best) {

	public Heatmap {
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(x, "x");
		Objects.requireNonNull(y, "y");
	}

	/**
	 * The heatmap of evaluations over {@code x} and {@code y}.
	 *
	 * @param maximise whether higher objectives are better
	 * @throws IllegalArgumentException naming a parameter the evaluations do not have, or the same one twice
	 */
	public static Heatmap of(List<Evaluation> evaluations, String metric, boolean maximise, String x, String y) {
		if (x.equals(y)) {
			throw new IllegalArgumentException("the heatmap needs two different parameters, not " + x + " twice");
		}
		double[] xs = axis(evaluations, x);
		double[] ys = axis(evaluations, y);
		double[][] values = new double[ys.length][xs.length];
		Evaluation[][] best = new Evaluation[ys.length][xs.length];
		for (double[] row : values) {
			Arrays.fill(row, Double.NaN);
		}
		for (Evaluation e : evaluations) {
			if (!e.valid()) {
				continue;
			}
			int column = Arrays.binarySearch(xs, e.parameters().get(x));
			int row = Arrays.binarySearch(ys, e.parameters().get(y));
			double current = values[row][column];
			if (Double.isNaN(current) || (maximise ? e.objective() > current : e.objective() < current)) {
				values[row][column] = e.objective();
				best[row][column] = e;
			}
		}
		return new Heatmap(metric, x, y, xs, ys, values, best);
	}

	private static double[] axis(List<Evaluation> evaluations, String name) {
		List<Double> seen = new ArrayList<>();
		for (Evaluation e : evaluations) {
			Double v = e.parameters().get(name);
			if (v == null) {
				throw new IllegalArgumentException("unknown parameter " + name + "; the search has "
						+ (evaluations.isEmpty() ? "no evaluation" : String.join(", ", e.parameters().keySet())));
			}
			seen.add(v);
		}
		return seen.stream().mapToDouble(Double::doubleValue).distinct().sorted().toArray();
	}

	/** The parameters a backtest of a cell runs; empty where nothing valid was evaluated. */
	public Map<String, Double> parametersAt(int row, int column) {
		Evaluation e = best[row][column];
		return e == null ? Map.of() : e.parameters();
	}

	/** The lowest and highest value shown, for a colour scale; NaN when no cell has one. */
	public double[] valueRange() {
		double low = Double.NaN;
		double high = Double.NaN;
		for (double[] row : values) {
			for (double v : row) {
				if (!Double.isNaN(v)) {
					low = Double.isNaN(low) ? v : Math.min(low, v);
					high = Double.isNaN(high) ? v : Math.max(high, v);
				}
			}
		}
		return new double[] { low, high };
	}
}
