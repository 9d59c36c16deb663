package io.backstop.backtest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The combinations of a grid of parameter values that a strategy's {@link ParameterConstraint
 * constraints} admit, numbered {@code 0 .. size() - 1} without listing them: the one place that
 * counts and numbers what a sweep runs and a search samples.
 * <p>
 * Numbering: the parameters some constraint names vary slowest, in the order given, then the
 * others in the order given, the last fastest (mixed radix). Only the constrained parameters'
 * sub-grid is enumerated, once, into a bit set of its admitted combinations with a count per 64 of
 * them; the free parameters multiply it. So {@link #size()} costs one pass over that sub-grid, and
 * {@link #decode(long, double[])} a binary search over its counts. Without a constraint (or when
 * every combination is admitted and the constrained parameters come first) the numbering is the
 * plain mixed radix of the order given ({@link #numberedAsUnconstrained()}).
 */
public final class ParameterGrid {

	/** The most combinations of constrained parameters' values that are checked: 2.5 MB of bits and counts, a fraction of a second. */
	public static final long MAX_CONSTRAINED = 10_000_000L;

	private final List<String> names;
	private final double[][] values;
	private final List<ParameterConstraint> constraints;
	/** Positions of the constrained parameters, then of the free ones, each in the order given. */
	private final int[] constrained;
	private final int[] free;
	/** Per constraint, the positions of its left and right parameter. */
	private final int[] leftAt;
	private final int[] rightAt;
	private final long freeSize;
	private final long constrainedSize;
	/** Admitted combinations of the constrained parameters (bit k: sub-grid combination k); null when all are. */
	private final long[] admittedBits;
	/** Admitted combinations in the words before each word of {@link #admittedBits}, and the total last. */
	private final long[] admittedBefore;
	private final long admittedConstrained;
	private final int[] identity;

	private ParameterGrid(List<String> names, double[][] values, List<ParameterConstraint> constraints) {
		this.names = List.copyOf(names);
		this.values = values;
		this.constraints = List.copyOf(constraints);
		this.identity = java.util.stream.IntStream.range(0, names.size()).toArray();
		boolean[] isConstrained = new boolean[names.size()];
		leftAt = new int[constraints.size()];
		rightAt = new int[constraints.size()];
		for (int c = 0; c < constraints.size(); c++) {
			leftAt[c] = position(constraints.get(c), constraints.get(c).left());
			rightAt[c] = position(constraints.get(c), constraints.get(c).right());
			isConstrained[leftAt[c]] = true;
			isConstrained[rightAt[c]] = true;
		}
		List<Integer> c = new ArrayList<>();
		List<Integer> f = new ArrayList<>();
		for (int p = 0; p < names.size(); p++) {
			(isConstrained[p] ? c : f).add(p);
		}
		constrained = c.stream().mapToInt(Integer::intValue).toArray();
		free = f.stream().mapToInt(Integer::intValue).toArray();
		try {
			freeSize = product(free);
		} catch (ArithmeticException e) {
			throw new IllegalArgumentException("the grid has more combinations than can be counted");
		}
		long sub;
		try {
			sub = product(constrained);
		} catch (ArithmeticException e) {
			sub = Long.MAX_VALUE;
		}
		if (sub > MAX_CONSTRAINED) {
			throw new IllegalArgumentException(String.format(Locale.ROOT,
					"the constrained parameters %s make %s combinations to check against %s; at most %,d: narrow their ranges",
					String.join(", ", c.stream().map(names::get).toList()),
					sub == Long.MAX_VALUE ? "more" : String.format(Locale.ROOT, "%,d", sub),
					ParameterConstraint.describe(constraints), MAX_CONSTRAINED));
		}
		constrainedSize = sub;
		long[] bits = enumerate();
		long[] before = null;
		long admitted = constrainedSize;
		if (bits != null) {
			before = new long[bits.length + 1];
			for (int w = 0; w < bits.length; w++) {
				before[w + 1] = before[w] + Long.bitCount(bits[w]);
			}
			admitted = before[bits.length];
		}
		admittedBits = bits;
		admittedBefore = before;
		admittedConstrained = admitted;
		if (admitted > 0 && freeSize > Long.MAX_VALUE / admitted) {
			throw new IllegalArgumentException("the grid has more combinations than can be counted");
		}
	}

	/**
	 * A grid over every parameter named, each taking its values.
	 *
	 * @param names       parameter names, in the numbering's order (see the class description)
	 * @param values      each parameter's values, in the same order; at least one each
	 * @param constraints the strategy's constraints; each must name two of {@code names}
	 * @throws IllegalArgumentException for a constraint naming another parameter, a parameter without
	 *                                  a value, more constrained combinations than {@link #MAX_CONSTRAINED}
	 *                                  or more combinations than a long counts
	 */
	public static ParameterGrid of(List<String> names, List<double[]> values, List<ParameterConstraint> constraints) {
		if (names.size() != values.size()) {
			throw new IllegalArgumentException(names.size() + " names for " + values.size() + " value lists");
		}
		double[][] copy = new double[values.size()][];
		for (int p = 0; p < copy.length; p++) {
			copy[p] = values.get(p).clone();
			if (copy[p].length == 0) {
				throw new IllegalArgumentException("parameter " + names.get(p) + ": the range holds no value");
			}
		}
		return new ParameterGrid(names, copy, constraints);
	}

	private int position(ParameterConstraint c, String name) {
		int p = names.indexOf(name);
		if (p < 0) {
			throw new IllegalArgumentException("constraint " + c + " names " + name + ", which is not in the grid ("
					+ String.join(", ", names) + ")");
		}
		return p;
	}

	private long product(int[] positions) {
		long n = 1;
		for (int p : positions) {
			n = Math.multiplyExact(n, (long) values[p].length);
		}
		return n;
	}

	/** The admitted sub-grid combinations as bits; null when every one is admitted. */
	private long[] enumerate() {
		if (constraints.isEmpty()) {
			return null;
		}
		long[] bits = new long[(int) ((constrainedSize + 63) >>> 6)];
		int[] digit = new int[constrained.length];
		double[] point = new double[names.size()];
		for (int d = 0; d < constrained.length; d++) {
			point[constrained[d]] = values[constrained[d]][0];
		}
		boolean refusedAny = false;
		for (long k = 0; k < constrainedSize; k++) {
			if (admits(point)) {
				bits[(int) (k >>> 6)] |= 1L << k;
			} else {
				refusedAny = true;
			}
			for (int d = constrained.length - 1; d >= 0; d--) {
				double[] v = values[constrained[d]];
				if (++digit[d] < v.length) {
					point[constrained[d]] = v[digit[d]];
					break;
				}
				digit[d] = 0;
				point[constrained[d]] = v[0];
			}
		}
		return refusedAny ? bits : null;
	}

	/** Parameter names, in the order given. */
	public List<String> names() {
		return names;
	}

	/** The constraints this grid admits combinations by. */
	public List<ParameterConstraint> constraints() {
		return constraints;
	}

	/** Combinations admitted: the indexes are {@code 0 .. size() - 1}. */
	public long size() {
		return admittedConstrained * freeSize;
	}

	/** Combinations of the values before the constraints, {@link Long#MAX_VALUE} when more than a long counts. */
	public long unconstrainedSize() {
		return constrainedSize > 0 && freeSize > Long.MAX_VALUE / constrainedSize ? Long.MAX_VALUE
				: constrainedSize * freeSize;
	}

	/** Whether every combination is admitted and numbered as the plain mixed radix of the order given. */
	public boolean numberedAsUnconstrained() {
		if (admittedBits != null) {
			return false;
		}
		for (int d = 0; d < constrained.length; d++) {
			if (constrained[d] != d) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Writes combination {@code index}'s value of every parameter into {@code out}, in the order given.
	 *
	 * @throws IndexOutOfBoundsException outside {@code 0 .. size() - 1}
	 */
	public void decode(long index, double[] out) {
		decode(index, out, identity);
	}

	/**
	 * Writes combination {@code index}'s value of parameter {@code k} (in the order given) into
	 * {@code out[positions[k]]}: for a caller that holds the values in another order.
	 *
	 * @throws IndexOutOfBoundsException outside {@code 0 .. size() - 1}
	 */
	public void decode(long index, double[] out, int[] positions) {
		if (index < 0 || index >= size()) {
			throw new IndexOutOfBoundsException("combination " + index + " of " + size());
		}
		long sub = index / freeSize;
		long rest = index % freeSize;
		for (int d = free.length - 1; d >= 0; d--) {
			double[] v = values[free[d]];
			out[positions[free[d]]] = v[(int) (rest % v.length)];
			rest /= v.length;
		}
		long raw = admittedBits == null ? sub : select(sub);
		for (int d = constrained.length - 1; d >= 0; d--) {
			double[] v = values[constrained[d]];
			out[positions[constrained[d]]] = v[(int) (raw % v.length)];
			raw /= v.length;
		}
	}

	/** The sub-grid combination of the {@code k}-th admitted one (from 0). */
	private long select(long k) {
		int lo = 0;
		int hi = admittedBits.length - 1;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (admittedBefore[mid + 1] > k) {
				hi = mid;
			} else {
				lo = mid + 1;
			}
		}
		long word = admittedBits[lo];
		for (long skip = k - admittedBefore[lo]; skip > 0; skip--) {
			word &= word - 1;
		}
		return ((long) lo << 6) + Long.numberOfTrailingZeros(word);
	}

	/** Whether values (one per parameter, in the order given) keep every constraint. */
	public boolean admits(double[] point) {
		for (int c = 0; c < leftAt.length; c++) {
			if (!constraints.get(c).admits(point[leftAt[c]], point[rightAt[c]])) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Refuses a grid without an admitted combination.
	 *
	 * @param strategyId names the strategy in the message
	 * @throws IllegalArgumentException {@code none of the 16 combinations keeps sma_crossover's
	 *                                  constraint fast_period < slow_period}
	 */
	public ParameterGrid requireAdmitted(String strategyId) {
		if (size() == 0) {
			throw new IllegalArgumentException(String.format(Locale.ROOT, "none of the %,d combinations keeps %s's constraint%s %s",
					unconstrainedSize(), strategyId, constraints.size() == 1 ? "" : "s", ParameterConstraint.describe(constraints)));
		}
		return this;
	}

	/** {@code 190 combinations}, or {@code 190 of 400 combinations (fast_period < slow_period)} when the constraints refuse some. */
	public String describe() {
		long all = unconstrainedSize();
		long admitted = size();
		String unit = admitted == 1 ? " combination" : " combinations";
		if (admitted == all) {
			return String.format(Locale.ROOT, "%,d", admitted) + unit;
		}
		return String.format(Locale.ROOT, "%,d of %s", admitted, all == Long.MAX_VALUE ? "more than can be counted"
				: String.format(Locale.ROOT, "%,d", all)) + unit + " (" + ParameterConstraint.describe(constraints) + ")";
	}
}
