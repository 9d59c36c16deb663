package io.backstop.backtest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.BaseStrategy;
import org.ta4j.core.BaseTradingRecord;
import org.ta4j.core.Indicator;
import org.ta4j.core.Position;
import org.ta4j.core.Strategy;
import org.ta4j.core.Trade.TradeType;
import org.ta4j.core.TradingRecord;
import org.ta4j.core.indicators.CachedIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.helpers.HighPriceIndicator;
import org.ta4j.core.indicators.helpers.LowPriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;
import org.ta4j.core.rules.AbstractRule;
import org.ta4j.core.rules.OverIndicatorRule;
import org.ta4j.core.rules.UnderIndicatorRule;

import io.backstop.data.OhlcvSeries;

/**
 * The {@code bollinger_zscore} rules expressed with ta4j 0.22.2 (DoubleNum): its SMA and standard
 * deviation indicators, its rules and strategies, one trading record per direction. ta4j
 * strategies trade one way, so a long and a short strategy run side by side and a driver loop
 * lets at most one of them hold a position, exits before entries on a bar (which gives the
 * same-bar re-entry). Fill prices are supplied (close with slippage) rather than using ta4j's
 * slippage model, which copies the bar list on every fill. A reference for tests and the benchmark.
 */
public final class Ta4jZscore {

	public record Outcome(int trades, double finalEquity) {
	}

	private final BarSeries series;
	private final double[] close;
	private final ClosePriceIndicator closeIndicator;
	private final LowPriceIndicator lowIndicator;
	private final HighPriceIndicator highIndicator;

	public Ta4jZscore(OhlcvSeries data) {
		series = new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).withName(data.name()).build();
		long interval = Math.max(1, data.barIntervalMillis());
		for (int i = 0; i < data.size(); i++) {
			series.barBuilder().timePeriod(Duration.ofMillis(interval))
					.endTime(Instant.ofEpochMilli(data.timestamps()[i] + interval)).openPrice(data.open()[i])
					.highPrice(data.high()[i]).lowPrice(data.low()[i]).closePrice(data.close()[i])
					.volume(data.volume()[i]).add();
		}
		close = data.close();
		closeIndicator = new ClosePriceIndicator(series);
		lowIndicator = new LowPriceIndicator(series);
		highIndicator = new HighPriceIndicator(series);
	}

	/** The z-score for one period: 0 (no signal) before bar {@code period} and where the deviation is not above 1e-10. */
	public Indicator<Num> zScore(int period) {
		SMAIndicator mean = new SMAIndicator(closeIndicator, period);
		StandardDeviationIndicator sd = new StandardDeviationIndicator(closeIndicator, period);
		Num limit = series.numFactory().numOf(1e-10);
		Num zero = series.numFactory().zero();
		return new CachedIndicator<Num>(series) {
			@Override
			protected Num calculate(int index) {
				if (index < period) {
					return zero;
				}
				Num deviation = sd.getValue(index);
				if (!deviation.isGreaterThan(limit)) {
					return zero;
				}
				return closeIndicator.getValue(index).minus(mean.getValue(index)).dividedBy(deviation);
			}

			@Override
			public int getCountOfUnstableBars() {
				return period;
			}
		};
	}

	/** Exit rule: the bar's low (long) or high (short) reaches the stop k_sl percent from the entry. */
	private final class StopRule extends AbstractRule {
		private final Indicator<Num> price;
		private final Num factor;
		private final boolean below;

		StopRule(boolean isLong, double kSl) {
			this.price = isLong ? lowIndicator : highIndicator;
			this.factor = series.numFactory().numOf(isLong ? 1 - kSl / 100 : 1 + kSl / 100);
			this.below = isLong;
		}

		@Override
		public boolean isSatisfied(int index, TradingRecord record) {
			Position p = record == null ? null : record.getCurrentPosition();
			if (p == null || !p.isOpened()) {
				return false;
			}
			Num stop = p.getEntry().getPricePerAsset().multipliedBy(factor);
			Num value = price.getValue(index);
			return below ? value.isLessThanOrEqual(stop) : value.isGreaterThanOrEqual(stop);
		}
	}

	/** Runs one combination on a prepared z-score indicator. */
	public Outcome run(Indicator<Num> z, int period, double entryZ, double kSl, double leverage, RunSettings settings) {
		double slip = settings.slippageBps() / 10000.0;
		double fee2 = 2 * settings.feesBps() / 10000.0;
		double capital = settings.initialCapital();
		UnderIndicatorRule longSignal = new UnderIndicatorRule(z, -entryZ);
		OverIndicatorRule shortSignal = new OverIndicatorRule(z, entryZ);
		Strategy longStrategy = new BaseStrategy("zscore-long", longSignal,
				shortSignal.or(new StopRule(true, kSl)), period);
		Strategy shortStrategy = new BaseStrategy("zscore-short", shortSignal,
				longSignal.or(new StopRule(false, kSl)), period);
		TradingRecord longs = new BaseTradingRecord(TradeType.BUY);
		TradingRecord shorts = new BaseTradingRecord(TradeType.SELL);
		Num one = series.numFactory().one();
		int n = series.getBarCount();
		int dir = 0;
		for (int i = 0; i < n; i++) {
			if (dir != 0) {
				TradingRecord record = dir > 0 ? longs : shorts;
				if ((dir > 0 ? longStrategy : shortStrategy).shouldExit(i, record)) {
					record.exit(i, series.numFactory().numOf(close[i] * (1 - slip * dir)), one);
					dir = 0;
				}
			}
			if (dir == 0) {
				if (longStrategy.shouldEnter(i, longs)) {
					longs.enter(i, series.numFactory().numOf(close[i] * (1 + slip)), one);
					dir = 1;
				} else if (shortStrategy.shouldEnter(i, shorts)) {
					shorts.enter(i, series.numFactory().numOf(close[i] * (1 - slip)), one);
					dir = -1;
				}
			}
		}
		if (dir != 0) {
			TradingRecord record = dir > 0 ? longs : shorts;
			record.exit(n - 1, series.numFactory().numOf(close[n - 1] * (1 - slip * dir)), one);
		}
		List<Position> positions = new ArrayList<>(longs.getPositions());
		positions.addAll(shorts.getPositions());
		positions.sort(Comparator.comparingInt(p -> p.getEntry().getIndex()));
		double equity = capital;
		for (Position p : positions) {
			double entry = p.getEntry().getPricePerAsset().doubleValue();
			double exit = p.getExit().getPricePerAsset().doubleValue();
			double r = p.getEntry().isBuy() ? (exit - entry) / entry : (entry - exit) / entry;
			equity += (r - fee2) * leverage * capital;
		}
		return new Outcome(positions.size(), equity);
	}
}
