package io.backstop.sweep.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import io.backstop.sweep.Objective;
import io.backstop.sweep.SweepMetrics;

/**
 * The best {@code k} distinct outcomes seen. Combinations whose figures are all equal to the last
 * bit (the same final equity, trades, win rate and profit factor, the same Sharpe, volatility and
 * drawdown of the equity marked at every bar: the same trades) share one outcome, kept once with
 * the number of combinations that gave it and, as its parameters, those of the lowest index among
 * them. Outcomes of ruined runs ({@link SweepMetrics#ruined(double, double)}) rank after every other
 * outcome; outcomes rank by objective, then by their other figures (total P&L first, higher first), so
 * the rank of an outcome does not depend on which combinations gave it: an outcome left out once is
 * never kept later, a kept one has counted every combination that gave it, and the same set of
 * combinations gives the same top-K whatever the order they arrive in. A combination without figures
 * (a NaN objective: the strategy refused its parameters) never enters, so no kept entry shows NaN.
 * Thread-safe; a combination that cannot enter is rejected without taking the lock once the top-K
 * is full.
 */
final class TopK {

	/**
	 * One kept outcome. Arrays are private copies.
	 *
	 * @param index       the lowest index of the combinations that gave it
	 * @param parameters  that combination's parameters
	 * @param sameOutcome how many combinations gave it (1 when only this one)
	 */
	record Entry(long index, double objective, double[] parameters, double[] metrics, long sameOutcome) {
	}

	/** An outcome being kept: its figures fixed, its first combination and count growing. */
	private static final class Kept {
		final double objective;
		final double[] metrics;
		long index;
		double[] parameters;
		long count = 1;

		Kept(long index, double objective, double[] parameters, double[] metrics) {
			this.index = index;
			this.objective = objective;
			this.parameters = parameters;
			this.metrics = metrics;
		}

		Entry entry() {
			return new Entry(index, objective, parameters.clone(), metrics.clone(), count);
		}
	}

	/** Figures compared bit for bit, as a map key. */
	private record Outcome(double[] metrics) {
		@Override
		public boolean equals(Object o) {
			return o instanceof Outcome other && Arrays.equals(metrics, other.metrics);
		}

		@Override
		public int hashCode() {
			return Arrays.hashCode(metrics);
		}
	}

	private final int capacity;
	private final boolean maximize;
	private final int finalEquityAt;
	private final int maxDrawdownAt;
	private final Comparator<Kept> betterFirst;
	/** Worst kept outcome at the head. */
	private final PriorityQueue<Kept> heap;
	private final Map<Outcome, Kept> byOutcome = new HashMap<>();
	/** The worst kept outcome once full, else null: read without the lock to reject early. */
	private volatile Kept threshold;

	/** @param metricNames the figures' names, in the order offers give them */
	TopK(int capacity, Objective.Direction direction, List<String> metricNames) {
		this.capacity = capacity;
		this.maximize = direction == Objective.Direction.MAXIMIZE;
		this.finalEquityAt = metricNames.indexOf(SweepMetrics.FINAL_EQUITY);
		this.maxDrawdownAt = metricNames.indexOf(SweepMetrics.MAX_DRAWDOWN_PCT);
		this.betterFirst = (a, b) -> compare(a.objective, a.metrics, b.objective, b.metrics);
		this.heap = new PriorityQueue<>(capacity + 1, betterFirst.reversed());
	}

	/**
	 * Negative when outcome a ranks before b: a ruined one after one that is not, then by objective
	 * in the direction asked, then by the figures in column order, higher first; 0 for the same outcome.
	 */
	int compare(double a, double[] metricsA, double b, double[] metricsB) {
		boolean ruinedA = ruined(metricsA);
		if (ruinedA != ruined(metricsB)) {
			return ruinedA ? 1 : -1;
		}
		if (a != b) {
			return maximize ? Double.compare(b, a) : Double.compare(a, b);
		}
		for (int m = 0; m < metricsA.length; m++) {
			int c = Double.compare(metricsB[m], metricsA[m]);
			if (c != 0) {
				return c;
			}
		}
		return 0;
	}

	private boolean ruined(double[] metrics) {
		return finalEquityAt >= 0 && maxDrawdownAt >= 0
				&& SweepMetrics.ruined(metrics[finalEquityAt], metrics[maxDrawdownAt]);
	}

	/** Offers a combination; the arrays are copied only if it enters or becomes its outcome's first. */
	void offer(long index, double objective, double[] parameters, double[] metrics) {
		if (Double.isNaN(objective)) {
			return;
		}
		Kept worst = threshold;
		if (worst != null && compare(objective, metrics, worst.objective, worst.metrics) > 0) {
			return;
		}
		synchronized (heap) {
			Kept same = byOutcome.get(new Outcome(metrics));
			if (same != null) {
				same.count++;
				if (index < same.index) {
					same.index = index;
					same.parameters = parameters.clone();
				}
				return;
			}
			worst = heap.size() == capacity ? heap.peek() : null;
			if (worst != null && compare(objective, metrics, worst.objective, worst.metrics) >= 0) {
				return;
			}
			Kept kept = new Kept(index, objective, parameters.clone(), metrics.clone());
			heap.add(kept);
			byOutcome.put(new Outcome(kept.metrics), kept);
			if (heap.size() > capacity) {
				byOutcome.remove(new Outcome(heap.poll().metrics));
			}
			threshold = heap.size() == capacity ? heap.peek() : null;
		}
	}

	/** Kept outcomes, best first. */
	List<Entry> sorted() {
		List<Kept> list;
		List<Entry> entries = new ArrayList<>();
		synchronized (heap) {
			list = new ArrayList<>(heap);
			list.sort(betterFirst);
			list.forEach(k -> entries.add(k.entry()));
		}
		return entries;
	}

	/** The best entry, or null. */
	Entry best() {
		List<Entry> s = sorted();
		return s.isEmpty() ? null : s.get(0);
	}

	int capacity() {
		return capacity;
	}
}
