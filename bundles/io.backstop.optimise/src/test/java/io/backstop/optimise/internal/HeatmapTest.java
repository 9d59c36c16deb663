package io.backstop.optimise.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.ParameterConstraint;
import io.backstop.optimise.Evaluation;
import io.backstop.optimise.Heatmap;

class HeatmapTest {

	private static Evaluation e(int index, double a, double b, double c, double objective) {
		Map<String, Double> metrics = Double.isNaN(objective) ? Map.of() : Map.of("sharpe", objective);
		Map<String, Double> parameters = new java.util.LinkedHashMap<>();
		parameters.put("a", a);
		parameters.put("b", b);
		parameters.put("c", c);
		return new Evaluation(index, parameters, metrics, objective);
	}

	@Test
	void eachCellHoldsTheBestOfTheOtherParameters() {
		List<Evaluation> evaluations = List.of(e(0, 10, 1, 0, 0.5), e(1, 10, 1, 1, 0.9), e(2, 20, 1, 0, -0.2),
				e(3, 20, 2, 0, Double.NaN), e(4, 10, 2, 3, 0.1));
		Heatmap max = Heatmap.of(evaluations, "sharpe", true, "a", "b");
		assertArrayEquals(new double[] { 10, 20 }, max.xValues());
		assertArrayEquals(new double[] { 1, 2 }, max.yValues());
		assertEquals(0.9, max.values()[0][0]);
		assertEquals(Map.of("a", 10.0, "b", 1.0, "c", 1.0), max.parametersAt(0, 0));
		assertEquals(-0.2, max.values()[0][1]);
		assertEquals(0.1, max.values()[1][0]);
		assertTrue(Double.isNaN(max.values()[1][1]), "only a refused evaluation there");
		assertEquals(Map.of(), max.parametersAt(1, 1));
		assertArrayEquals(new double[] { -0.2, 0.9 }, max.valueRange());
		assertEquals(0.5, Heatmap.of(evaluations, "sharpe", false, "a", "b").values()[0][0]);
		assertEquals("unknown parameter d; the search has a, b, c",
				assertThrows(IllegalArgumentException.class, () -> Heatmap.of(evaluations, "sharpe", true, "a", "d"))
						.getMessage());
	}

	@Test
	void cellsNoEvaluationReachedAreNotEvaluatedAndTheOthersCanBeFixedAtTheBestsValues() {
		List<Evaluation> evaluations = List.of(e(0, 10, 1, 0, 0.5), e(1, 10, 1, 1, 0.9), e(2, 20, 1, 0, -0.2),
				e(3, 20, 2, 0, Double.NaN), e(4, 10, 2, 3, 0.1));
		double[] as = { 10, 20, 30 };
		double[] bs = { 1, 2 };
		Heatmap bestOf = Heatmap.of(evaluations, as, bs, "sharpe", true, "a", "b", Map.of());
		assertArrayEquals(as, bestOf.xValues());
		assertTrue(bestOf.notEvaluated(0, 2), "a = 30 was never evaluated");
		assertTrue(bestOf.notEvaluated(1, 2));
		assertFalse(bestOf.notEvaluated(1, 1), "refused, not unevaluated");
		assertTrue(Double.isNaN(bestOf.values()[1][1]));
		assertEquals(0.9, bestOf.values()[0][0]);

		Heatmap fixed = Heatmap.of(evaluations, as, bs, "sharpe", true, "a", "b", Map.of("c", 0.0));
		assertEquals(0.5, fixed.values()[0][0], "only c = 0 counts");
		assertEquals(Map.of("a", 10.0, "b", 1.0, "c", 0.0), fixed.parametersAt(0, 0));
		assertTrue(fixed.notEvaluated(1, 0), "a = 10, b = 2 was evaluated with c = 3 only");
		assertEquals(-0.2, fixed.values()[0][1]);
		assertEquals(Map.of("c", 0.0), fixed.fixed());
	}

	@Test
	void cellsTheConstraintsRefuseAreRefusedNotUnevaluated() {
		// a search samples only admitted points, so no evaluation ever lands where a >= b
		List<Evaluation> evaluations = List.of(e(0, 1, 2, 0, 0.4), e(1, 1, 3, 0, 0.7), e(2, 2, 3, 5, -0.1));
		double[] values = { 1, 2, 3 };
		List<ParameterConstraint> aBelowB = List.of(ParameterConstraint.less("a", "b"));

		Heatmap bestOf = Heatmap.of(evaluations, values, values, "sharpe", true, "a", "b", Map.of(), aBelowB);
		for (int row = 0; row < 3; row++) {
			for (int column = 0; column < 3; column++) {
				boolean admitted = values[column] < values[row];
				assertEquals(!admitted, bestOf.refused()[row][column], "a=" + values[column] + " b=" + values[row]);
				if (!admitted) {
					assertFalse(bestOf.notEvaluated(row, column), "a refused cell is not waiting for an evaluation");
					assertTrue(Double.isNaN(bestOf.values()[row][column]));
					assertEquals(Map.of(), bestOf.parametersAt(row, column));
				}
			}
		}
		assertEquals(0.7, bestOf.values()[2][0]);

		Heatmap againstAFixedValue = Heatmap.of(evaluations, values, values, "sharpe", true, "a", "c", Map.of("b", 2.0),
				aBelowB);
		assertTrue(againstAFixedValue.refused()[0][1], "a = 2 is not below the fixed b = 2, whatever c");
		assertFalse(againstAFixedValue.refused()[0][0]);
		assertTrue(againstAFixedValue.notEvaluated(2, 0), "a = 1, c = 3 is admitted but was never evaluated");
	}
}
