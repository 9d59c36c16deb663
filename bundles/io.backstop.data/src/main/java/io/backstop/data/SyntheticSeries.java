package io.backstop.data;

import java.util.SplittableRandom;

/**
 * Deterministic synthetic OHLCV series for tests and benchmarks: the same seed and length
 * always give the same bars (and so the same fingerprint), on every JVM.
 * <p>
 * Closes follow a geometric random walk with slowly changing volatility and a weak
 * mean-reverting pull, starting at 100; each bar opens at the previous close, and high/low
 * extend beyond open and close by a random fraction of the bar's volatility. Bars are
 * 5 minutes apart from 2020-01-01T00:00Z.
 */
public final class SyntheticSeries {

	/** 2020-01-01T00:00:00Z. */
	public static final long START_MILLIS = 1_577_836_800_000L;
	/** Five minutes. */
	public static final long BAR_MILLIS = 300_000L;

	private SyntheticSeries() {
	}

	/** {@code bars} bars from the given seed, named {@code synthetic-<seed>-<bars>}. */
	public static OhlcvSeries generate(long seed, int bars) {
		if (bars < 0) {
			throw new IllegalArgumentException("bars must not be negative: " + bars);
		}
		SplittableRandom random = new SplittableRandom(seed);
		long[] t = new long[bars];
		double[] o = new double[bars];
		double[] h = new double[bars];
		double[] l = new double[bars];
		double[] c = new double[bars];
		double[] v = new double[bars];
		double price = 100.0;
		double logAnchor = 0.0;
		double vol = 0.002;
		for (int i = 0; i < bars; i++) {
			t[i] = START_MILLIS + i * BAR_MILLIS;
			vol = Math.min(0.01, Math.max(0.0005, vol * Math.exp(0.05 * gaussian(random))));
			double logPrice = Math.log(price);
			double pull = -0.001 * (logPrice - logAnchor);
			double next = price * Math.exp(pull + vol * gaussian(random));
			double open = price;
			double close = next;
			double top = Math.max(open, close);
			double bottom = Math.min(open, close);
			h[i] = top * (1 + vol * 0.5 * random.nextDouble());
			l[i] = bottom * (1 - vol * 0.5 * random.nextDouble());
			o[i] = open;
			c[i] = close;
			v[i] = 50 + 1000 * random.nextDouble() * (1 + 100 * vol);
			price = next;
		}
		return new OhlcvSeries("synthetic-" + seed + "-" + bars, "synthetic(seed=" + seed + ", bars=" + bars + ")", t,
				o, h, l, c, v);
	}

	/** Box-Muller from two uniforms; deterministic (no cached second value). */
	private static double gaussian(SplittableRandom random) {
		double u1 = random.nextDouble();
		double u2 = random.nextDouble();
		return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
	}
}
