package io.backstop.sweep.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

import io.backstop.sweep.Objective;

/**
 * The best {@code k} combinations seen, by objective then index (lower index first on ties), so
 * the same set of combinations gives the same top-K whatever the order they arrive in. A
 * combination without figures (a NaN objective: the strategy refused its parameters) never
 * enters, so no kept entry shows NaN. Thread-safe; a combination that cannot enter is rejected without
 * taking the lock once the top-K is full.
 */
final class TopK {

	/** One kept combination. Arrays are private copies. */
	record Entry(long index, double objective, double[] parameters, double[] metrics) {
	}

	private final int capacity;
	private final boolean maximize;
	private final Comparator<Entry> betterFirst;
	/** Worst kept entry at the head. */
	private final PriorityQueue<Entry> heap;
	/** The worst kept entry once full, else null: read without the lock to reject early. */
	private volatile Entry threshold;

	TopK(int capacity, Objective.Direction direction) {
		this.capacity = capacity;
		this.maximize = direction == Objective.Direction.MAXIMIZE;
		this.betterFirst = (a, b) -> compare(a.objective, a.index, b.objective, b.index);
		this.heap = new PriorityQueue<>(capacity + 1, betterFirst.reversed());
	}

	/** Negative when (objective a, index a) ranks before b; both are numbers. */
	int compare(double a, long indexA, double b, long indexB) {
		if (a != b) {
			return maximize ? Double.compare(b, a) : Double.compare(a, b);
		}
		return Long.compare(indexA, indexB);
	}

	/** Offers a combination; the arrays are copied only if it enters. */
	void offer(long index, double objective, double[] parameters, double[] metrics) {
		if (Double.isNaN(objective)) {
			return;
		}
		Entry worst = threshold;
		if (worst != null && compare(objective, index, worst.objective, worst.index) >= 0) {
			return;
		}
		synchronized (heap) {
			worst = heap.size() == capacity ? heap.peek() : null;
			if (worst != null && compare(objective, index, worst.objective, worst.index) >= 0) {
				return;
			}
			heap.add(new Entry(index, objective, parameters.clone(), metrics.clone()));
			if (heap.size() > capacity) {
				heap.poll();
			}
			threshold = heap.size() == capacity ? heap.peek() : null;
		}
	}

	/** Kept entries, best first. */
	List<Entry> sorted() {
		List<Entry> list;
		synchronized (heap) {
			list = new ArrayList<>(heap);
		}
		list.sort(betterFirst);
		return list;
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
