package io.backstop.indicators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.ATRIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.StochasticOscillatorDIndicator;
import org.ta4j.core.indicators.StochasticOscillatorKIndicator;
import org.ta4j.core.indicators.adx.ADXIndicator;
import org.ta4j.core.indicators.adx.MinusDIIndicator;
import org.ta4j.core.indicators.adx.PlusDIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelLowerIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelMiddleIndicator;
import org.ta4j.core.indicators.donchian.DonchianChannelUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.indicators.supertrend.SuperTrendIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;

/**
 * Every indicator against ta4j 0.22.2 (DoubleNum) on the bundled BTC/USDT sample, 25,920 bars.
 * Values must agree within 1e-9 relative: |a - b| <= 1e-9 x max(|a|, |b|, floor), where the floor
 * is 1 for oscillators bounded in [0, 100] and the series' mean absolute value for lines that cross
 * zero (MACD), so a value near zero is compared at the scale of the indicator.
 * <p>
 * Non-recursive indicators are compared from their first defined bar. Recursive ones (EMA,
 * Wilder's smoothing: RSI, ATR, ADX, MACD, SuperTrend) are seeded differently by ta4j (it starts
 * from the value at the end of its unstable period, we start from the SMA of the first n values,
 * as TA-Lib does); the seed's influence decays geometrically, so those are compared from bar
 * {@value #CONVERGED} on (23,920 bars).
 * <p>
 * This test lives in the backtest bundle, next to the other ta4j comparisons: the indicators
 * bundle has OSGi integration tests, and its test fragment must resolve inside Equinox, where
 * ta4j (a test-only dependency) is not deployed.
 */
class IndicatorsTa4jTest {

	static final int CONVERGED = 2000;
	static final double TOLERANCE = 1e-9;

	static OhlcvSeries data;
	static BarSeries ta4j;

	@BeforeAll
	static void load() throws IOException {
		data = SampleData.loadBtcusdt5m();
		ta4j = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).withName("btc").build();
		long interval = data.barIntervalMillis();
		for (int i = 0; i < data.size(); i++) {
			ta4j.barBuilder().timePeriod(Duration.ofMillis(interval))
					.endTime(Instant.ofEpochMilli(data.timestamps()[i] + interval)).openPrice(data.open()[i])
					.highPrice(data.high()[i]).lowPrice(data.low()[i]).closePrice(data.close()[i])
					.volume(data.volume()[i]).add();
		}
		assertEquals(25_920, ta4j.getBarCount());
	}

	/** Compares from {@code from}; returns the number of values compared. */
	static int compare(String name, double[] mine, Indicator<Num> theirs, int from, double floor) {
		int compared = 0;
		double worst = 0;
		for (int i = from; i < mine.length; i++) {
			double b = theirs.getValue(i).doubleValue();
			double a = mine[i];
			if (Double.isNaN(b)) {
				fail(name + ": ta4j has no value at bar " + i);
			}
			if (Double.isNaN(a)) {
				fail(name + ": no value at bar " + i + " (ta4j " + b + ")");
			}
			double scale = Math.max(floor, Math.max(Math.abs(a), Math.abs(b)));
			double rel = Math.abs(a - b) / scale;
			worst = Math.max(worst, rel);
			if (rel > TOLERANCE) {
				fail(name + ": bar " + i + ": " + a + " vs ta4j " + b + " (relative " + rel + ")");
			}
			compared++;
		}
		assertTrue(compared > 20_000, name + " compared " + compared);
		return compared;
	}

	static void undefinedBefore(String name, double[] mine, int first) {
		for (int i = 0; i < first; i++) {
			assertTrue(Double.isNaN(mine[i]), name + " defined at warm-up bar " + i);
		}
		assertFalse(Double.isNaN(mine[first]), name + " undefined at its first bar " + first);
	}

	static double meanAbs(Indicator<Num> indicator, int from) {
		double sum = 0;
		int n = 0;
		for (int i = from; i < ta4j.getBarCount(); i++) {
			sum += Math.abs(indicator.getValue(i).doubleValue());
			n++;
		}
		return sum / n;
	}

	private final ClosePriceIndicator close = new ClosePriceIndicator(ta4j);

	@Test
	void sma() {
		for (int n : new int[] { 1, 5, 20, 200 }) {
			double[] mine = Indicators.sma(data.close(), n);
			undefinedBefore("sma", mine, n - 1);
			compare("sma(" + n + ")", mine, new SMAIndicator(close, n), n - 1, 1);
		}
	}

	@Test
	void ema() {
		for (int n : new int[] { 5, 12, 26, 100 }) {
			double[] mine = Indicators.ema(data.close(), n);
			undefinedBefore("ema", mine, n - 1);
			assertEquals(java.util.Arrays.stream(data.close(), 0, n).sum() / n, mine[n - 1], 1e-9);
			compare("ema(" + n + ")", mine, new EMAIndicator(close, n), CONVERGED, 1);
		}
	}

	@Test
	void rsi() {
		for (int n : new int[] { 2, 14, 30 }) {
			double[] mine = Indicators.rsi(data.close(), n);
			undefinedBefore("rsi", mine, n);
			compare("rsi(" + n + ")", mine, new RSIIndicator(close, n), CONVERGED, 1);
		}
	}

	@Test
	void bollinger() {
		for (int n : new int[] { 10, 20, 50 }) {
			for (double k : new double[] { 1.5, 2 }) {
				Indicators.Bands b = Indicators.bollinger(data.close(), n, k);
				undefinedBefore("bollinger", b.middle(), n - 1);
				BollingerBandsMiddleIndicator middle = new BollingerBandsMiddleIndicator(new SMAIndicator(close, n));
				StandardDeviationIndicator sd = new StandardDeviationIndicator(close, n);
				Num kk = ta4j.numFactory().numOf(k);
				compare("bollinger.middle", b.middle(), middle, n - 1, 1);
				compare("bollinger.upper", b.upper(), new BollingerBandsUpperIndicator(middle, sd, kk), n - 1, 1);
				compare("bollinger.lower", b.lower(), new BollingerBandsLowerIndicator(middle, sd, kk), n - 1, 1);
				compare("stddev", Indicators.rollingStd(data.close(), n), sd, n - 1, meanAbs(sd, n));
			}
		}
	}

	@Test
	void atr() {
		for (int n : new int[] { 1, 14, 50 }) {
			double[] mine = Indicators.atr(data.high(), data.low(), data.close(), n);
			undefinedBefore("atr", mine, n - 1);
			compare("atr(" + n + ")", mine, new ATRIndicator(ta4j, n), CONVERGED, 1);
		}
	}

	@Test
	void macd() {
		int[][] sets = { { 12, 26, 9 }, { 5, 35, 5 } };
		for (int[] p : sets) {
			Indicators.Macd m = Indicators.macd(data.close(), p[0], p[1], p[2]);
			undefinedBefore("macd", m.macd(), p[1] - 1);
			undefinedBefore("macd.signal", m.signal(), p[1] + p[2] - 2);
			MACDIndicator line = new MACDIndicator(close, p[0], p[1]);
			double scale = meanAbs(line, CONVERGED);
			compare("macd", m.macd(), line, CONVERGED, scale);
			compare("macd.signal", m.signal(), line.getSignalLine(p[2]), CONVERGED, scale);
			compare("macd.histogram", m.histogram(), line.getHistogram(p[2]), CONVERGED, scale);
		}
	}

	@Test
	void donchian() {
		for (int n : new int[] { 1, 20, 55 }) {
			Indicators.Bands d = Indicators.donchian(data.high(), data.low(), n);
			undefinedBefore("donchian", d.upper(), n - 1);
			compare("donchian.upper", d.upper(), new DonchianChannelUpperIndicator(ta4j, n), n - 1, 1);
			compare("donchian.lower", d.lower(), new DonchianChannelLowerIndicator(ta4j, n), n - 1, 1);
			compare("donchian.middle", d.middle(), new DonchianChannelMiddleIndicator(ta4j, n), n - 1, 1);
		}
	}

	@Test
	void adx() {
		for (int n : new int[] { 7, 14, 28 }) {
			Indicators.Adx a = Indicators.adx(data.high(), data.low(), data.close(), n);
			undefinedBefore("adx", a.adx(), 2 * n - 2);
			compare("adx(" + n + ")", a.adx(), new ADXIndicator(ta4j, n), CONVERGED, 1);
			compare("+di(" + n + ")", a.plusDi(), new PlusDIIndicator(ta4j, n), CONVERGED, 1);
			compare("-di(" + n + ")", a.minusDi(), new MinusDIIndicator(ta4j, n), CONVERGED, 1);
		}
	}

	@Test
	void stochastic() {
		for (int n : new int[] { 5, 14 }) {
			Indicators.Stochastic s = Indicators.stochastic(data.high(), data.low(), data.close(), n, 3);
			undefinedBefore("stochastic.k", s.k(), n - 1);
			undefinedBefore("stochastic.d", s.d(), n + 1);
			StochasticOscillatorKIndicator k = new StochasticOscillatorKIndicator(ta4j, n);
			compare("stochastic.k", s.k(), k, n - 1, 1);
			compare("stochastic.d", s.d(), new StochasticOscillatorDIndicator(k), n + 1, 1);
		}
	}

	@Test
	void superTrend() {
		for (int n : new int[] { 10, 20 }) {
			for (double m : new double[] { 2, 3 }) {
				Indicators.SuperTrend st = Indicators.superTrend(data.high(), data.low(), data.close(), n, m);
				undefinedBefore("supertrend", st.value(), n - 1);
				SuperTrendIndicator theirs = new SuperTrendIndicator(ta4j, n, m);
				compare("supertrend(" + n + "," + m + ")", st.value(), theirs, CONVERGED, 1);
				compare("supertrend.upper", st.upper(), theirs.getSuperTrendUpperBandIndicator(), CONVERGED, 1);
				compare("supertrend.lower", st.lower(), theirs.getSuperTrendLowerBandIndicator(), CONVERGED, 1);
				for (int i = CONVERGED; i < data.size(); i++) {
					assertEquals(theirs.isUpTrend(i) ? 1.0 : -1.0, st.direction()[i], "direction at " + i);
				}
			}
		}
	}

	@Test
	void computeByIdMatchesTheFunctions() {
		assertEquals(Indicators.sma(data.close(), 20)[500], Indicators.compute(data, "sma", 20)[0][500]);
		assertEquals(3, Indicators.compute(data, "bollinger", 20, 2).length);
		assertEquals(4, Indicators.compute(data, "supertrend", 10, 3).length);
		for (String id : Indicators.IDS) {
			assertTrue(Indicators.IDS.contains(id));
		}
	}
}
