package io.backstop.backtest;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The closed trades of one run, recorded as columns of primitives and read as {@link Trade}s: a
 * strategy that closes a trade every few bars records each without allocating a record, and its
 * result keeps them in about half the memory of the records. Filled by the run that creates it, then
 * handed to its {@link BacktestResult} and never changed again; {@link #get} builds the record
 * each time it is asked.
 */
final class TradeLog extends AbstractList<Trade> implements RandomAccess {

	private static final ExitReason[] REASONS = ExitReason.values();
	/** Trades per chunk: a log grows by chunks, never copying what it holds. */
	private static final int CHUNK = 256;
	/** Per trade: side, entry bar, exit bar, exit reason. */
	private static final int INTS = 4;
	/** Per trade: entry price, exit price, quantity, net return, pnl, fees. */
	private static final int DOUBLES = 6;

	private final long[] time;
	private int[][] ints = new int[4][];
	private double[][] doubles = new double[4][];
	private int size;

	/** @param time the times of the series' bars, which the trades' bars index */
	TradeLog(long[] time) {
		this.time = time;
	}

	/** Records the next closed trade ({@link Trade} gives each field's meaning); {@code side} +1 or -1. */
	void add(int side, int entryBar, int exitBar, double entryPrice, double exitPrice, double quantity,
			double netReturn, double pnl, double fees, ExitReason reason) {
		int chunk = size / CHUNK;
		int k = size % CHUNK;
		if (k == 0) {
			if (chunk == ints.length) {
				ints = Arrays.copyOf(ints, chunk * 2);
				doubles = Arrays.copyOf(doubles, chunk * 2);
			}
			ints[chunk] = new int[INTS * CHUNK];
			doubles[chunk] = new double[DOUBLES * CHUNK];
		}
		int[] in = ints[chunk];
		int i = INTS * k;
		in[i] = side;
		in[i + 1] = entryBar;
		in[i + 2] = exitBar;
		in[i + 3] = reason.ordinal();
		double[] dn = doubles[chunk];
		int d = DOUBLES * k;
		dn[d] = entryPrice;
		dn[d + 1] = exitPrice;
		dn[d + 2] = quantity;
		dn[d + 3] = netReturn;
		dn[d + 4] = pnl;
		dn[d + 5] = fees;
		size++;
	}

	@Override
	public Trade get(int index) {
		Objects.checkIndex(index, size);
		int[] in = ints[index / CHUNK];
		double[] dn = doubles[index / CHUNK];
		int i = INTS * (index % CHUNK);
		int d = DOUBLES * (index % CHUNK);
		return new Trade(Side.of(in[i]), in[i + 1], in[i + 2], time[in[i + 1]], time[in[i + 2]], dn[d], dn[d + 1],
				dn[d + 2], dn[d + 3], dn[d + 4], dn[d + 5], REASONS[in[i + 3]]);
	}

	@Override
	public int size() {
		return size;
	}
}
