package io.backstop.sweep.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.backstop.sweep.SweepService;

/**
 * Which combinations are done: one bit per index (125 KB for a million combinations).
 * Thread-safe; bits are only ever set.
 */
final class DoneSet {

	private final long size;
	private final AtomicLongArray words;
	private final LongAdder count = new LongAdder();

	DoneSet(long size) {
		if (size > SweepService.MAX_COMBINATIONS) {
			throw new IllegalArgumentException(String.format("a sweep holds at most %,d combinations; this grid has %,d",
					SweepService.MAX_COMBINATIONS, size));
		}
		this.size = size;
		this.words = new AtomicLongArray((int) ((size + 63) >>> 6));
	}

	/** A set with the given words' bits (as {@link #snapshot()} returns them). */
	static DoneSet of(long size, long[] bits) {
		DoneSet set = new DoneSet(size);
		for (int w = 0; w < bits.length && w < set.words.length(); w++) {
			long word = bits[w];
			if (w == set.words.length() - 1 && (size & 63) != 0) {
				word &= (1L << (size & 63)) - 1;
			}
			set.words.set(w, word);
			set.count.add(Long.bitCount(word));
		}
		return set;
	}

	long size() {
		return size;
	}

	boolean isDone(long index) {
		return (words.get((int) (index >>> 6)) & (1L << index)) != 0;
	}

	/** Marks an index done; false if it already was. */
	boolean markDone(long index) {
		int w = (int) (index >>> 6);
		long bit = 1L << index;
		while (true) {
			long old = words.get(w);
			if ((old & bit) != 0) {
				return false;
			}
			if (words.compareAndSet(w, old, old | bit)) {
				count.increment();
				return true;
			}
		}
	}

	/** Clears an index (used on resume when its row is missing from the results file). */
	void clear(long index) {
		int w = (int) (index >>> 6);
		long bit = 1L << index;
		while (true) {
			long old = words.get(w);
			if ((old & bit) == 0) {
				return;
			}
			if (words.compareAndSet(w, old, old & ~bit)) {
				count.decrement();
				return;
			}
		}
	}

	long count() {
		return count.sum();
	}

	/** A copy of the bits, word by word (index i is bit {@code i % 64} of word {@code i / 64}). */
	long[] snapshot() {
		long[] copy = new long[words.length()];
		for (int w = 0; w < copy.length; w++) {
			copy[w] = words.get(w);
		}
		return copy;
	}

	/** Number of leading indices all done in the given bits: every index below it is done. */
	static long watermark(long[] bits, long size) {
		for (int w = 0; w < bits.length; w++) {
			if (bits[w] != -1L) {
				return Math.min(size, ((long) w << 6) + Long.numberOfTrailingZeros(~bits[w]));
			}
		}
		return size;
	}
}
