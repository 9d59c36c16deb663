package io.backstop.optimise;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.backstop.backtest.ParameterConstraint;
import io.backstop.sweep.Objective;

/**
 * The objective of a search's evaluations over two of its parameters. Each cell is one pair of values
 * of the grid: refused (the strategy's constraints admit no combination with that pair, so a search
 * never samples it, or only evaluations the strategy refused), not evaluated (no evaluation had that
 * pair), or the objective of the best evaluation with that pair ({@link Evaluation#bestFirst}: one whose
 * equity was not ruined before any that was), with its parameters, which a backtest of the cell runs. The other parameters are either best-of (any value) or
 * fixed at given values (the best's): then only evaluations with exactly those values count.
 *
 * @param metric    the objective's metric
 * @param x         the parameter along the columns
 * @param y         the parameter along the rows
 * @param xValues   the column values, ascending: the grid's values of {@code x}
 * @param yValues   the row values, ascending
 * @param values    {@code values[row][column]}: the best evaluation's objective; NaN where nothing valid was evaluated
 * @param best      {@code best[row][column]}: the evaluation behind the value; null where none
 * @param evaluated {@code evaluated[row][column]}: how many evaluations fell in the cell, refused ones included
 * @param refused   {@code refused[row][column]}: true where the strategy's constraints admit no combination with
 *                  the cell's pair (and the fixed values)
 * @param fixed     the other parameters' values when fixed; empty for best-of
 */
public record Heatmap(String metric, String x, String y, double[] xValues, double[] yValues, double[][] values,
		Evaluation[][] best, int[][] evaluated, boolean[][] refused, Map<String, Double> fixed) {

	public Heatmap {
		Objects.requireNonNull(metric, "metric");
		Objects.requireNonNull(x, "x");
		Objects.requireNonNull(y, "y");
		fixed = Map.copyOf(fixed);
	}

	/**
	 * The best-of heatmap over the values the evaluations have.
	 *
	 * @throws IllegalArgumentException naming a parameter the evaluations do not have, or the same one twice
	 */
	public static Heatmap of(List<Evaluation> evaluations, String metric, boolean maximise, String x, String y) {
		return of(evaluations, axis(evaluations, x), axis(evaluations, y), metric, maximise, x, y, Map.of());
	}

	/**
	 * The heatmap over a grid's values of {@code x} and {@code y}.
	 *
	 * @param fixed the other parameters' values (only evaluations with exactly these count); empty for best-of
	 * @throws IllegalArgumentException naming a parameter the evaluations do not have, or the same one twice
	 */
	public static Heatmap of(List<Evaluation> evaluations, double[] xValues, double[] yValues, String metric,
			boolean maximise, String x, String y, Map<String, Double> fixed) {
		return of(evaluations, xValues, yValues, metric, maximise, x, y, fixed, List.of());
	}

	/**
	 * The heatmap over a grid's values of {@code x} and {@code y}, with the cells the strategy's constraints
	 * refuse marked as such.
	 *
	 * @param fixed       the other parameters' values (only evaluations with exactly these count); empty for best-of
	 * @param constraints the strategy's constraints; those between {@code x}, {@code y} and fixed parameters decide
	 *                    which cells are refused
	 * @throws IllegalArgumentException naming a parameter the evaluations do not have, or the same one twice
	 */
	public static Heatmap of(List<Evaluation> evaluations, double[] xValues, double[] yValues, String metric,
			boolean maximise, String x, String y, Map<String, Double> fixed, List<ParameterConstraint> constraints) {
		if (x.equals(y)) {
			throw new IllegalArgumentException("the heatmap needs two different parameters, not " + x + " twice");
		}
		double[] xs = xValues.clone();
		double[] ys = yValues.clone();
		Arrays.sort(xs);
		Arrays.sort(ys);
		double[][] values = new double[ys.length][xs.length];
		Evaluation[][] best = new Evaluation[ys.length][xs.length];
		int[][] evaluated = new int[ys.length][xs.length];
		boolean[][] refused = new boolean[ys.length][xs.length];
		for (double[] row : values) {
			Arrays.fill(row, Double.NaN);
		}
		Comparator<Evaluation> bestFirst = Evaluation
				.bestFirst(new Objective(metric, maximise ? Objective.Direction.MAXIMIZE : Objective.Direction.MINIMIZE));
		Map<String, Double> known = new HashMap<>(fixed);
		for (int row = 0; row < ys.length; row++) {
			for (int column = 0; column < xs.length; column++) {
				known.put(x, xs[column]);
				known.put(y, ys[row]);
				refused[row][column] = breaksAny(constraints, known);
			}
		}
		for (Evaluation e : evaluations) {
			Double ex = e.parameters().get(x);
			Double ey = e.parameters().get(y);
			if (ex == null || ey == null) {
				throw new IllegalArgumentException("unknown parameter " + (ex == null ? x : y) + "; the search has "
						+ String.join(", ", e.parameters().keySet()));
			}
			int column = Arrays.binarySearch(xs, ex);
			int row = Arrays.binarySearch(ys, ey);
			if (column < 0 || row < 0 || !matches(e, fixed)) {
				continue;
			}
			evaluated[row][column]++;
			if (!e.valid()) {
				continue;
			}
			if (best[row][column] == null || bestFirst.compare(e, best[row][column]) < 0) {
				values[row][column] = e.objective();
				best[row][column] = e;
			}
		}
		return new Heatmap(metric, x, y, xs, ys, values, best, evaluated, refused, fixed);
	}

	/** Whether a constraint between two of the known values fails: no combination with them is admitted. */
	private static boolean breaksAny(List<ParameterConstraint> constraints, Map<String, Double> known) {
		for (ParameterConstraint c : constraints) {
			Double left = known.get(c.left());
			Double right = known.get(c.right());
			if (left != null && right != null && !c.relation().holds(left, right)) {
				return true;
			}
		}
		return false;
	}

	private static boolean matches(Evaluation e, Map<String, Double> fixed) {
		for (Map.Entry<String, Double> f : fixed.entrySet()) {
			Double v = e.parameters().get(f.getKey());
			if (v != null && v.doubleValue() != f.getValue().doubleValue()) {
				return false;
			}
		}
		return true;
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

	/** True when no evaluation fell in a cell the constraints admit: distinct from a poor or refused one. */
	public boolean notEvaluated(int row, int column) {
		return evaluated[row][column] == 0 && !refused[row][column];
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
