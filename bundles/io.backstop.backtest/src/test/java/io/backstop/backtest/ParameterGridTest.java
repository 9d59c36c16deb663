package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.backstop.backtest.strategies.MacdCrossoverStrategy;
import io.backstop.backtest.strategies.SmaCrossoverStrategy;
import io.backstop.data.SyntheticSeries;

/** Counting and numbering the combinations a strategy's constraints admit, against a brute-force filter. */
class ParameterGridTest {

	@Test
	void aBuiltInCrossoverCountsOnlyFastBelowSlow() {
		Strategy sma = new SmaCrossoverStrategy();
		ParameterGrid grid = defaultGrid(sma);
		List<double[]> bruteForce = admittedByBruteForce(sma);
		assertEquals(10 * 19 * 6, grid.unconstrainedSize());
		assertEquals(bruteForce.size(), grid.size());
		assertTrue(grid.size() < grid.unconstrainedSize(), "fast 5..50 against slow 20..200 refuses some");
		assertEquals(String.format("%,d of 1,140 combinations (fast_period < slow_period)", grid.size()), grid.describe());
	}

	@Test
	void enumerationEqualsTheBruteForceFilterInTheDocumentedOrder() {
		for (Strategy strategy : List.of(new SmaCrossoverStrategy(), new MacdCrossoverStrategy())) {
			ParameterGrid grid = defaultGrid(strategy);
			List<double[]> expected = admittedByBruteForce(strategy);
			// the constrained parameters vary slowest: here they lead anyway, so the order is the filtered mixed radix
			double[] point = new double[grid.names().size()];
			for (int i = 0; i < expected.size(); i++) {
				grid.decode(i, point);
				assertArrayEquals(expected.get(i), point, strategy.id() + " combination " + i);
			}
			assertThrows(IndexOutOfBoundsException.class, () -> grid.decode(expected.size(), point));
		}
	}

	@Test
	void constrainedParametersAfterFreeOnesAreNumberedFirstAndEveryAdmittedOneOnce() {
		SplittableRandom random = new SplittableRandom(11);
		for (int round = 0; round < 40; round++) {
			int dims = 2 + random.nextInt(4);
			List<String> names = new ArrayList<>();
			List<double[]> values = new ArrayList<>();
			for (int d = 0; d < dims; d++) {
				names.add("p" + d);
				double[] v = new double[1 + random.nextInt(7)];
				for (int k = 0; k < v.length; k++) {
					v[k] = random.nextInt(10);
				}
				values.add(v);
			}
			List<ParameterConstraint> constraints = new ArrayList<>();
			for (int c = 0; c < 1 + random.nextInt(2); c++) {
				int a = random.nextInt(dims);
				int b = (a + 1 + random.nextInt(dims - 1)) % dims;
				ParameterConstraint.Relation r = ParameterConstraint.Relation.values()[random.nextInt(5)];
				constraints.add(new ParameterConstraint(names.get(a), r, names.get(b)));
			}
			ParameterGrid grid = ParameterGrid.of(names, values, constraints);
			List<double[]> all = cartesian(values);
			List<double[]> admitted = all.stream().filter(p -> keeps(constraints, names, p)).toList();
			assertEquals(admitted.size(), grid.size(), constraints.toString());
			assertEquals(all.size(), grid.unconstrainedSize());
			List<double[]> decoded = new ArrayList<>();
			for (long i = 0; i < grid.size(); i++) {
				double[] point = new double[dims];
				grid.decode(i, point);
				assertTrue(grid.admits(point));
				decoded.add(point);
			}
			Comparator<double[]> lexicographic = Arrays::compare;
			// the same multiset of combinations (values may repeat in a list)
			assertEquals(sorted(admitted, lexicographic), sorted(decoded, lexicographic), constraints.toString());
		}
	}

	@Test
	void withoutConstraintsOrRefusalsTheNumberingIsThePlainMixedRadix() {
		ParameterGrid plain = ParameterGrid.of(List.of("a", "b"), List.of(new double[] { 1, 2 }, new double[] { 5, 6, 7 }),
				List.of());
		assertTrue(plain.numberedAsUnconstrained());
		double[] point = new double[2];
		plain.decode(4, point);
		assertArrayEquals(new double[] { 2, 6 }, point);
		ParameterGrid nothingRefused = ParameterGrid.of(List.of("a", "b"),
				List.of(new double[] { 1, 2 }, new double[] { 5, 6, 7 }), List.of(ParameterConstraint.parse("a < b")));
		assertTrue(nothingRefused.numberedAsUnconstrained());
		ParameterGrid refusing = ParameterGrid.of(List.of("a", "b"), List.of(new double[] { 1, 6 }, new double[] { 5, 6, 7 }),
				List.of(ParameterConstraint.parse("a < b")));
		assertFalse(refusing.numberedAsUnconstrained());
		assertEquals(4, refusing.size());
	}

	@Test
	void aGridWithoutAnAdmittedCombinationIsRefusedInOneLine() {
		ParameterGrid none = ParameterGrid.of(List.of("fast_period", "slow_period"),
				List.of(new double[] { 30, 40 }, new double[] { 10, 20 }), new SmaCrossoverStrategy().constraints());
		assertEquals(0, none.size());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.requireAdmitted("sma_crossover"));
		assertEquals("none of the 4 combinations keeps sma_crossover's constraint fast_period < slow_period", e.getMessage());
	}

	@Test
	void aConstrainedSubGridBeyondTheLimitIsRefusedNamingItsParameters() {
		double[] many = new double[10_000];
		Arrays.setAll(many, k -> k);
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> ParameterGrid.of(List.of("a", "b"), List.of(many, many), List.of(ParameterConstraint.parse("a<b"))));
		assertEquals("the constrained parameters a, b make 100,000,000 combinations to check against a < b; "
				+ "at most 10,000,000: narrow their ranges", e.getMessage());
	}

	@Test
	void aBacktestOfRefusedValuesSaysWhichConstraintInOneLine() {
		Strategy sma = new SmaCrossoverStrategy();
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> sma.run(SyntheticSeries.generate(1, 500), Parameters.of("fast_period", 30, "slow_period", 30),
						RunSettings.defaults(), CancellationToken.NONE));
		assertEquals("fast_period (30) must be below slow_period (30)", e.getMessage());
		assertEquals(List.of(ParameterConstraint.less("fast_period", "slow_period")), sma.constraints());
	}

	@Test
	void constraintsReadAndPrintAsWritten() {
		for (String text : List.of("a < b", "a <= b", "a > b", "a >= b", "a != b")) {
			assertEquals(text, ParameterConstraint.parse(text).toString());
		}
		assertEquals(ParameterConstraint.parse("fast_period<slow_period"), ParameterConstraint.less("fast_period", "slow_period"));
		assertEquals("constraint \"a = b\" is not of the form name < name (with <, <=, >, >= or !=)",
				assertThrows(IllegalArgumentException.class, () -> ParameterConstraint.parse("a = b")).getMessage());
		assertThrows(IllegalArgumentException.class, () -> ParameterConstraint.parse("a < a"));
	}

	private static ParameterGrid defaultGrid(Strategy strategy) {
		List<String> names = strategy.parameters().stream().map(ParameterSpec::name).toList();
		List<double[]> values = strategy.parameters().stream().map(ParameterSpec::sweepValues).toList();
		return ParameterGrid.of(names, values, strategy.constraints());
	}

	/** The default grid in mixed radix order, filtered by running each combination's constraint check. */
	private static List<double[]> admittedByBruteForce(Strategy strategy) {
		List<double[]> admitted = new ArrayList<>();
		for (Parameters p : BuiltIns.defaultGrid(strategy)) {
			try {
				ParameterConstraint.check(strategy.constraints(), p);
				admitted.add(p.asMap().values().stream().mapToDouble(Double::doubleValue).toArray());
			} catch (IllegalArgumentException refused) {
				// not admitted
			}
		}
		return admitted;
	}

	private static List<double[]> cartesian(List<double[]> values) {
		List<double[]> all = new ArrayList<>(List.of(new double[0]));
		for (double[] v : values) {
			List<double[]> next = new ArrayList<>();
			for (double[] prefix : all) {
				for (double x : v) {
					double[] p = Arrays.copyOf(prefix, prefix.length + 1);
					p[prefix.length] = x;
					next.add(p);
				}
			}
			all = next;
		}
		return all;
	}

	private static boolean keeps(List<ParameterConstraint> constraints, List<String> names, double[] point) {
		for (ParameterConstraint c : constraints) {
			if (!c.relation().holds(point[names.indexOf(c.left())], point[names.indexOf(c.right())])) {
				return false;
			}
		}
		return true;
	}

	private static List<List<Double>> sorted(List<double[]> points, Comparator<double[]> order) {
		return points.stream().sorted(order).map(p -> Arrays.stream(p).boxed().toList()).toList();
	}
}
