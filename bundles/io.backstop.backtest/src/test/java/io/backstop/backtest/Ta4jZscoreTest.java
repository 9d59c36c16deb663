package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.ta4j.core.Indicator;
import org.ta4j.core.num.Num;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SampleData;
import io.backstop.data.SyntheticSeries;

/** The kernel and ta4j running the identical strategy agree on trades and final equity per combination. */
class Ta4jZscoreTest {

	@Test
	void wholeGridOnSyntheticData() {
		check(SyntheticSeries.generate(42, 6_000), BollingerZscoreKernel.referenceGrid());
	}

	@Test
	void everyTenthComboOnTheRealSample() throws IOException {
		List<BollingerZscoreKernel.Combo> grid = BollingerZscoreKernel.referenceGrid();
		check(SampleData.loadBtcusdt5m(),
				java.util.stream.IntStream.range(0, grid.size()).filter(i -> i % 10 == 3).mapToObj(grid::get).toList());
	}

	private static void check(OhlcvSeries s, List<BollingerZscoreKernel.Combo> combos) {
		Ta4jZscore ta4j = new Ta4jZscore(s);
		RunSettings settings = BollingerZscoreKernel.REFERENCE_SETTINGS;
		int period = -1;
		Indicator<Num> z = null;
		BollingerZscoreKernel.Prepared prepared = null;
		long trades = 0;
		for (BollingerZscoreKernel.Combo c : combos) {
			if (c.bbPeriod() != period) {
				period = c.bbPeriod();
				z = ta4j.zScore(period);
				prepared = BollingerZscoreKernel.prepare(s.close(), period);
			}
			var mine = BollingerZscoreKernel.run(s.close(), s.low(), s.high(), s.timestamps(), prepared, c.entryZ(), c.kSl(),
					c.leverage(), settings, CancellationToken.NONE);
			var theirs = ta4j.run(z, period, c.entryZ(), c.kSl(), c.leverage(), settings);
			assertEquals(theirs.trades(), mine.trades(), c.toString());
			assertEquals(theirs.finalEquity(), mine.finalEquity(), 1e-9 * Math.abs(theirs.finalEquity()), c.toString());
			trades += mine.trades();
		}
		assertTrue(trades > 100, "trades " + trades);
	}
}
