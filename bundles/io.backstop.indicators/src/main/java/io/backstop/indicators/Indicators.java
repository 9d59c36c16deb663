package io.backstop.indicators;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

import io.backstop.data.OhlcvSeries;

/**
 * Indicator computations on primitive arrays. Each returns new arrays as long as its input, with
 * {@code NaN} for the warm-up bars where the value is not yet defined. Leading NaNs in an input
 * (an indicator of an indicator) shift the warm-up accordingly. Pure functions, thread-safe.
 *
 * <h2>Conventions (warm-up and seeds)</h2>
 * <ul>
 * <li>{@code sma(n)}: defined from bar {@code n-1}.</li>
 * <li>{@code ema(n)}: {@code alpha = 2/(n+1)}, seeded with the SMA of the first {@code n} values at
 * bar {@code n-1} (TA-Lib's convention).</li>
 * <li>{@code wilder(n)} (RMA, Wilder's smoothing): {@code alpha = 1/n}, seeded like the EMA.</li>
 * <li>{@code rsi(n)}: Wilder averages of gains and losses of bars 1..n seeded by their mean,
 * defined from bar {@code n}; 100 when there are no losses, 50 when neither gains nor losses.</li>
 * <li>{@code bollinger(n, k)}: middle = SMA, population standard deviation, bands at k deviations;
 * from bar {@code n-1}.</li>
 * <li>{@code trueRange}: bar 0 is high - low. {@code atr(n)}: Wilder average of the true range,
 * from bar {@code n-1}.</li>
 * <li>{@code macd(fast, slow, signal)}: EMA(fast) - EMA(slow) from bar {@code slow-1}; the signal
 * is the EMA of that line, from bar {@code slow+signal-2}; histogram = macd - signal.</li>
 * <li>{@code donchian(n)}: highest high and lowest low of the {@code n} bars ending at each bar (the
 * current one included) and their midpoint; from bar {@code n-1}.</li>
 * <li>{@code adx(n)}: Wilder's +DM/-DM, +DI/-DI = 100 x Wilder(DM)/ATR (both from bar {@code n-1}),
 * DX = 100 x |+DI - -DI| / (+DI + -DI) (0 when both are 0), ADX = Wilder(DX, n) from bar
 * {@code 2n-2}.</li>
 * <li>{@code stochastic(n, d)}: %K = 100 x (close - lowest low) / (highest high - lowest low) over
 * {@code n} bars from bar {@code n-1} (50 when the range is 0); %D = SMA(d) of %K.</li>
 * <li>{@code supertrend(n, m)}: bands at median price ± m x ATR(n), ratcheted as in the usual
 * definition (a band only moves against the trend when the previous close crossed it); the value
 * follows the lower band in an up trend and the upper band in a down trend, starting up; from bar
 * {@code n-1}. Direction +1 up, -1 down.</li>
 * </ul>
 * Recursive indicators (EMA, Wilder, RSI, ATR, ADX, MACD, SuperTrend) depend on their seed; they
 * converge to ta4j's values (which seed differently) after a few hundred bars. Non-recursive ones
 * match from the first defined bar.
 * <p>
 * {@link #compute(OhlcvSeries, String, BooleanSupplier, double...)} and
 * {@link #cached(IndicatorCache, OhlcvSeries, String, BooleanSupplier, double...)} poll a
 * cancellation every few thousand bars, so that an emergency stop never waits for a computation
 * on a long series.
 */
public final class Indicators {

	public static final String SMA = "sma";
	public static final String EMA = "ema";
	public static final String RSI = "rsi";
	public static final String BOLLINGER = "bollinger";
	public static final String ATR = "atr";
	public static final String MACD = "macd";
	public static final String DONCHIAN = "donchian";
	public static final String ADX = "adx";
	public static final String STOCHASTIC = "stochastic";
	public static final String SUPERTREND = "supertrend";

	/** Every indicator id {@link #compute} knows. */
	public static final List<String> IDS = List.of(SMA, EMA, RSI, BOLLINGER, ATR, MACD, DONCHIAN, ADX, STOCHASTIC,
			SUPERTREND);

	private Indicators() {
	}

	// ---------------------------------------------------------------- generic access

	/**
	 * Computes an indicator by id on a series. Parameters and output columns:
	 * <ul>
	 * <li>{@code sma(n)}, {@code ema(n)}, {@code rsi(n)} of the close: one column</li>
	 * <li>{@code bollinger(n, k)}: upper, middle, lower</li>
	 * <li>{@code atr(n)}: one column</li>
	 * <li>{@code macd(fast, slow, signal)}: macd, signal, histogram</li>
	 * <li>{@code donchian(n)}: upper, middle, lower</li>
	 * <li>{@code adx(n)}: adx, +DI, -DI</li>
	 * <li>{@code stochastic(n, d)}: %K, %D</li>
	 * <li>{@code supertrend(n, m)}: value, direction, upper band, lower band</li>
	 * </ul>
	 *
	 * @throws IllegalArgumentException for an unknown id or a wrong parameter count
	 */
	public static double[][] compute(OhlcvSeries s, String id, double... p) {
		return compute(s, id, NEVER, p);
	}

	/**
	 * {@link #compute(OhlcvSeries, String, double...)} that polls {@code cancelled} every
	 * {@value #POLL_INTERVAL} bars (a volatile read, such as a stop signal's).
	 *
	 * @throws CancellationException once {@code cancelled} answers true; nothing is returned
	 */
	public static double[][] compute(OhlcvSeries s, String id, BooleanSupplier cancelled, double... p) {
		double[] c = s.close();
		double[] h = s.high();
		double[] l = s.low();
		poll(cancelled);
		return switch (id) {
		case SMA -> new double[][] { sma(c, intParam(id, p, 0, 1), cancelled) };
		case EMA -> new double[][] { ema(c, intParam(id, p, 0, 1), cancelled) };
		case RSI -> new double[][] { rsi(c, intParam(id, p, 0, 1), cancelled) };
		case BOLLINGER -> bollinger(c, intParam(id, p, 0, 2), p[1], cancelled).columns();
		case ATR -> new double[][] { atr(h, l, c, intParam(id, p, 0, 1), cancelled) };
		case MACD -> macd(c, intParam(id, p, 0, 3), intParam(id, p, 1, 3), intParam(id, p, 2, 3), cancelled).columns();
		case DONCHIAN -> donchian(h, l, intParam(id, p, 0, 1), cancelled).columns();
		case ADX -> adx(h, l, c, intParam(id, p, 0, 1), cancelled).columns();
		case STOCHASTIC -> stochastic(h, l, c, intParam(id, p, 0, 2), intParam(id, p, 1, 2), cancelled).columns();
		case SUPERTREND -> superTrend(h, l, c, intParam(id, p, 0, 2), p[1], cancelled).columns();
		default -> throw new IllegalArgumentException("unknown indicator " + id + "; known: " + IDS);
		};
	}

	/** {@link #compute} through a cache (computes directly when {@code cache} is null). */
	public static double[][] cached(IndicatorCache cache, OhlcvSeries s, String id, double... p) {
		return cached(cache, s, id, NEVER, p);
	}

	/**
	 * {@link #cached(IndicatorCache, OhlcvSeries, String, double...)} that polls {@code cancelled}
	 * while computing, while reading or writing the disk cache and while waiting for another
	 * thread computing the same value.
	 *
	 * @throws CancellationException once {@code cancelled} answers true
	 */
	public static double[][] cached(IndicatorCache cache, OhlcvSeries s, String id, BooleanSupplier cancelled,
			double... p) {
		if (cache == null) {
			return compute(s, id, cancelled, p);
		}
		return cache.getOrCompute(new IndicatorKey(s.fingerprint(), id, p), () -> compute(s, id, cancelled, p),
				cancelled);
	}

	private static int intParam(String id, double[] p, int index, int count) {
		if (p.length != count) {
			throw new IllegalArgumentException(id + " takes " + count + " parameters, got " + p.length);
		}
		double v = p[index];
		if (v != Math.rint(v) || v < 1 || v > 1_000_000) {
			throw new IllegalArgumentException(id + ": parameter " + (index + 1) + " must be a whole number >= 1, got " + v);
		}
		return (int) v;
	}

	// ---------------------------------------------------------------- result types

	/** Three lines: upper, middle, lower (Bollinger, Donchian). */
	public record Bands(double[] upper, double[] middle, double[] lower) {
		public double[][] columns() {
			return new double[][] { upper, middle, lower };
		}
	}

	/** MACD line, signal line, histogram. */
	public record Macd(double[] macd, double[] signal, double[] histogram) {
		public double[][] columns() {
			return new double[][] { macd, signal, histogram };
		}
	}

	/** ADX with its directional indicators. */
	public record Adx(double[] adx, double[] plusDi, double[] minusDi) {
		public double[][] columns() {
			return new double[][] { adx, plusDi, minusDi };
		}
	}

	/** Stochastic oscillator %K and %D. */
	public record Stochastic(double[] k, double[] d) {
		public double[][] columns() {
			return new double[][] { k, d };
		}
	}

	/** SuperTrend value, direction (+1 up, -1 down, NaN in warm-up) and the two ratcheted bands. */
	public record SuperTrend(double[] value, double[] direction, double[] upper, double[] lower) {
		public double[][] columns() {
			return new double[][] { value, direction, upper, lower };
		}
	}

	// ---------------------------------------------------------------- cancellation

	/** Bars between two polls of a computation's cancellation (a volatile read costs nothing at this rate). */
	static final int POLL_INTERVAL = 4096;
	private static final int POLL_MASK = POLL_INTERVAL - 1;
	private static final BooleanSupplier NEVER = () -> false;

	/** Throws {@link CancellationException} when the computation is cancelled. */
	private static void poll(BooleanSupplier cancelled) {
		if (cancelled.getAsBoolean()) {
			throw new CancellationException("indicator computation cancelled");
		}
	}

	// ---------------------------------------------------------------- moving averages

	private static void checkPeriod(int n) {
		if (n < 1) {
			throw new IllegalArgumentException("period must be at least 1: " + n);
		}
	}

	private static double[] nans(int length) {
		double[] a = new double[length];
		Arrays.fill(a, Double.NaN);
		return a;
	}

	/** Index of the first non-NaN value (length if none). */
	static int firstValid(double[] x) {
		int i = 0;
		while (i < x.length && Double.isNaN(x[i])) {
			i++;
		}
		return i;
	}

	/** Simple moving average of the {@code n} values ending at each bar. */
	public static double[] sma(double[] x, int n) {
		return sma(x, n, NEVER);
	}

	private static double[] sma(double[] x, int n, BooleanSupplier cancelled) {
		checkPeriod(n);
		double[] out = nans(x.length);
		int start = firstValid(x);
		double sum = 0;
		for (int i = start; i < x.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			sum += x[i];
			if (i - start >= n) {
				sum -= x[i - n];
			}
			if (i - start >= n - 1) {
				out[i] = sum / n;
			}
		}
		return out;
	}

	/** Exponential moving average, {@code alpha = 2 / (n + 1)}, seeded with the SMA of the first n values. */
	public static double[] ema(double[] x, int n) {
		return ema(x, n, NEVER);
	}

	private static double[] ema(double[] x, int n, BooleanSupplier cancelled) {
		checkPeriod(n);
		return exponential(x, n, 2.0 / (n + 1), cancelled);
	}

	/** Wilder's smoothing (RMA), {@code alpha = 1 / n}, seeded with the SMA of the first n values. */
	public static double[] wilder(double[] x, int n) {
		return wilder(x, n, NEVER);
	}

	private static double[] wilder(double[] x, int n, BooleanSupplier cancelled) {
		checkPeriod(n);
		return exponential(x, n, 1.0 / n, cancelled);
	}

	private static double[] exponential(double[] x, int n, double alpha, BooleanSupplier cancelled) {
		double[] out = nans(x.length);
		int start = firstValid(x);
		int seedEnd = start + n - 1;
		if (seedEnd >= x.length) {
			return out;
		}
		double sum = 0;
		for (int i = start; i <= seedEnd; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			sum += x[i];
		}
		double v = sum / n;
		out[seedEnd] = v;
		for (int i = seedEnd + 1; i < x.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			v += (x[i] - v) * alpha;
			out[i] = v;
		}
		return out;
	}

	/** Population standard deviation of the {@code n} values ending at each bar. */
	public static double[] rollingStd(double[] x, int n) {
		return rollingStd(x, n, NEVER);
	}

	private static double[] rollingStd(double[] x, int n, BooleanSupplier cancelled) {
		checkPeriod(n);
		double[] out = nans(x.length);
		int start = firstValid(x);
		// each bar costs 2n operations: poll every POLL_INTERVAL operations, not bars
		int stride = Math.max(1, POLL_INTERVAL / n);
		for (int i = start + n - 1; i < x.length; i++) {
			if ((i - start) % stride == 0) {
				poll(cancelled);
			}
			double sum = 0;
			for (int k = i - n + 1; k <= i; k++) {
				sum += x[k];
			}
			double mean = sum / n;
			double sq = 0;
			for (int k = i - n + 1; k <= i; k++) {
				double d = x[k] - mean;
				sq += d * d;
			}
			out[i] = Math.sqrt(sq / n);
		}
		return out;
	}

	/** Highest value of the {@code n} values ending at each bar (monotonic deque, O(length)). */
	public static double[] highest(double[] x, int n) {
		return extreme(x, n, true, NEVER);
	}

	/** Lowest value of the {@code n} values ending at each bar. */
	public static double[] lowest(double[] x, int n) {
		return extreme(x, n, false, NEVER);
	}

	private static double[] extreme(double[] x, int n, boolean max, BooleanSupplier cancelled) {
		checkPeriod(n);
		double[] out = nans(x.length);
		int[] deque = new int[x.length];
		int head = 0;
		int tail = 0;
		int start = firstValid(x);
		for (int i = start; i < x.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			double v = x[i];
			while (tail > head && (max ? x[deque[tail - 1]] <= v : x[deque[tail - 1]] >= v)) {
				tail--;
			}
			deque[tail++] = i;
			if (deque[head] <= i - n) {
				head++;
			}
			if (i - start >= n - 1) {
				out[i] = x[deque[head]];
			}
		}
		return out;
	}

	// ---------------------------------------------------------------- oscillators and bands

	/** Relative strength index with Wilder's smoothing. */
	public static double[] rsi(double[] close, int n) {
		return rsi(close, n, NEVER);
	}

	private static double[] rsi(double[] close, int n, BooleanSupplier cancelled) {
		checkPeriod(n);
		int len = close.length;
		double[] out = nans(len);
		if (len <= n) {
			return out;
		}
		double gain = 0;
		double loss = 0;
		for (int i = 1; i <= n; i++) {
			double d = close[i] - close[i - 1];
			if (d > 0) {
				gain += d;
			} else {
				loss -= d;
			}
		}
		gain /= n;
		loss /= n;
		out[n] = rsiValue(gain, loss);
		double alpha = 1.0 / n;
		for (int i = n + 1; i < len; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			double d = close[i] - close[i - 1];
			double g = d > 0 ? d : 0;
			double l = d < 0 ? -d : 0;
			gain += (g - gain) * alpha;
			loss += (l - loss) * alpha;
			out[i] = rsiValue(gain, loss);
		}
		return out;
	}

	private static double rsiValue(double gain, double loss) {
		if (loss == 0) {
			return gain == 0 ? 50 : 100;
		}
		return 100 - 100 / (1 + gain / loss);
	}

	/** Bollinger Bands: SMA(n) ± k population standard deviations. */
	public static Bands bollinger(double[] close, int n, double k) {
		return bollinger(close, n, k, NEVER);
	}

	private static Bands bollinger(double[] close, int n, double k, BooleanSupplier cancelled) {
		double[] middle = sma(close, n, cancelled);
		double[] sd = rollingStd(close, n, cancelled);
		double[] upper = new double[close.length];
		double[] lower = new double[close.length];
		for (int i = 0; i < close.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			upper[i] = middle[i] + k * sd[i];
			lower[i] = middle[i] - k * sd[i];
		}
		return new Bands(upper, middle, lower);
	}

	/** True range; bar 0 is high - low. */
	public static double[] trueRange(double[] high, double[] low, double[] close) {
		return trueRange(high, low, close, NEVER);
	}

	private static double[] trueRange(double[] high, double[] low, double[] close, BooleanSupplier cancelled) {
		int len = close.length;
		double[] tr = new double[len];
		for (int i = 0; i < len; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			double hl = Math.abs(high[i] - low[i]);
			if (i == 0) {
				tr[i] = hl;
			} else {
				double pc = close[i - 1];
				tr[i] = Math.max(hl, Math.max(Math.abs(high[i] - pc), Math.abs(pc - low[i])));
			}
		}
		return tr;
	}

	/** Average true range: Wilder's smoothing of the true range. */
	public static double[] atr(double[] high, double[] low, double[] close, int n) {
		return atr(high, low, close, n, NEVER);
	}

	private static double[] atr(double[] high, double[] low, double[] close, int n, BooleanSupplier cancelled) {
		return wilder(trueRange(high, low, close, cancelled), n, cancelled);
	}

	/** MACD line, signal line and histogram. */
	public static Macd macd(double[] close, int fast, int slow, int signal) {
		return macd(close, fast, slow, signal, NEVER);
	}

	private static Macd macd(double[] close, int fast, int slow, int signal, BooleanSupplier cancelled) {
		double[] f = ema(close, fast, cancelled);
		double[] s = ema(close, slow, cancelled);
		double[] line = new double[close.length];
		for (int i = 0; i < close.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			line[i] = f[i] - s[i];
		}
		double[] sig = ema(line, signal, cancelled);
		double[] hist = new double[close.length];
		for (int i = 0; i < close.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			hist[i] = line[i] - sig[i];
		}
		return new Macd(line, sig, hist);
	}

	/** Donchian channel of the n bars ending at each bar. */
	public static Bands donchian(double[] high, double[] low, int n) {
		return donchian(high, low, n, NEVER);
	}

	private static Bands donchian(double[] high, double[] low, int n, BooleanSupplier cancelled) {
		double[] upper = extreme(high, n, true, cancelled);
		double[] lower = extreme(low, n, false, cancelled);
		double[] middle = new double[high.length];
		for (int i = 0; i < high.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			middle[i] = (upper[i] + lower[i]) / 2;
		}
		return new Bands(upper, middle, lower);
	}

	/** Average directional index with +DI and -DI. */
	public static Adx adx(double[] high, double[] low, double[] close, int n) {
		return adx(high, low, close, n, NEVER);
	}

	private static Adx adx(double[] high, double[] low, double[] close, int n, BooleanSupplier cancelled) {
		int len = close.length;
		double[] plusDm = new double[len];
		double[] minusDm = new double[len];
		for (int i = 1; i < len; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			double up = high[i] - high[i - 1];
			double down = low[i - 1] - low[i];
			plusDm[i] = up > down && up > 0 ? up : 0;
			minusDm[i] = down > up && down > 0 ? down : 0;
		}
		double[] atr = atr(high, low, close, n, cancelled);
		double[] sp = wilder(plusDm, n, cancelled);
		double[] sm = wilder(minusDm, n, cancelled);
		double[] plusDi = nans(len);
		double[] minusDi = nans(len);
		double[] dx = nans(len);
		for (int i = 0; i < len; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			double a = atr[i];
			if (Double.isNaN(a)) {
				continue;
			}
			double p = a == 0 ? 0 : 100 * sp[i] / a;
			double m = a == 0 ? 0 : 100 * sm[i] / a;
			plusDi[i] = p;
			minusDi[i] = m;
			dx[i] = p + m == 0 ? 0 : 100 * Math.abs(p - m) / (p + m);
		}
		return new Adx(wilder(dx, n, cancelled), plusDi, minusDi);
	}

	/** Stochastic oscillator: %K over n bars, %D = SMA(d) of %K. */
	public static Stochastic stochastic(double[] high, double[] low, double[] close, int n, int d) {
		return stochastic(high, low, close, n, d, NEVER);
	}

	private static Stochastic stochastic(double[] high, double[] low, double[] close, int n, int d,
			BooleanSupplier cancelled) {
		double[] hh = extreme(high, n, true, cancelled);
		double[] ll = extreme(low, n, false, cancelled);
		double[] k = nans(close.length);
		for (int i = 0; i < close.length; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			if (!Double.isNaN(hh[i])) {
				double range = hh[i] - ll[i];
				k[i] = range == 0 ? 50 : (close[i] - ll[i]) / range * 100;
			}
		}
		return new Stochastic(k, sma(k, d, cancelled));
	}

	/** SuperTrend on ATR(n) with multiplier m. */
	public static SuperTrend superTrend(double[] high, double[] low, double[] close, int n, double m) {
		return superTrend(high, low, close, n, m, NEVER);
	}

	private static SuperTrend superTrend(double[] high, double[] low, double[] close, int n, double m,
			BooleanSupplier cancelled) {
		int len = close.length;
		double[] atr = atr(high, low, close, n, cancelled);
		double[] upper = nans(len);
		double[] lower = nans(len);
		double[] value = nans(len);
		double[] dir = nans(len);
		boolean started = false;
		for (int i = 0; i < len; i++) {
			if ((i & POLL_MASK) == 0) {
				poll(cancelled);
			}
			if (Double.isNaN(atr[i])) {
				continue;
			}
			double median = (high[i] + low[i]) / 2;
			double basicUpper = median + m * atr[i];
			double basicLower = median - m * atr[i];
			if (!started) {
				upper[i] = basicUpper;
				lower[i] = basicLower;
				value[i] = basicLower;
				dir[i] = 1;
				started = true;
				continue;
			}
			double pu = upper[i - 1];
			double pl = lower[i - 1];
			double pc = close[i - 1];
			upper[i] = basicUpper < pu || pc > pu ? basicUpper : pu;
			lower[i] = basicLower > pl || pc < pl ? basicLower : pl;
			if (dir[i - 1] < 0) {
				boolean stay = close[i] <= upper[i];
				value[i] = stay ? upper[i] : lower[i];
				dir[i] = stay ? -1 : 1;
			} else {
				boolean stay = close[i] >= lower[i];
				value[i] = stay ? lower[i] : upper[i];
				dir[i] = stay ? 1 : -1;
			}
		}
		return new SuperTrend(value, dir, upper, lower);
	}
}
