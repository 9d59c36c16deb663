package io.backstop.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.data.SyntheticSeries;

/** Bars without volume take no order at their close, in every strategy, while their prices still feed the indicators. */
class UntradableBarsTest {

	private static final OhlcvSeries TRADED = SyntheticSeries.generate(11, 20_000);

	/** The same bars with every third bar's volume 0. */
	private static OhlcvSeries everyThirdBarUntraded() {
		double[] volume = TRADED.volume().clone();
		for (int i = 0; i < volume.length; i += 3) {
			volume[i] = 0;
		}
		return new OhlcvSeries(TRADED.name(), TRADED.source(), TRADED.timestamps(), TRADED.open(), TRADED.high(),
				TRADED.low(), TRADED.close(), volume);
	}

	@Test
	void noStrategyEntersOrExitsOnASignalAtABarWithoutVolume() {
		OhlcvSeries untraded = everyThirdBarUntraded();
		for (Strategy strategy : BuiltIns.registry().all()) {
			List<Trade> trades = strategy.run(untraded, strategy.defaults(), RunSettings.defaults(), CancellationToken.NONE)
					.trades();
			assertFalse(trades.isEmpty(), strategy.id());
			for (Trade t : trades) {
				assertTrue(untraded.volume()[t.entryBar()] > 0, strategy.id() + " entered at untraded bar " + t.entryBar());
				if (t.exitReason() == ExitReason.SIGNAL) {
					assertTrue(untraded.volume()[t.exitBar()] > 0, strategy.id() + " exited at untraded bar " + t.exitBar());
				}
			}
			List<Trade> everyBarTraded = strategy.run(TRADED, strategy.defaults(), RunSettings.defaults(),
					CancellationToken.NONE).trades();
			assertTrue(everyBarTraded.stream().anyMatch(t -> t.entryBar() % 3 == 0),
					strategy.id() + ": the masked bars are ones it would have traded");
			assertNotEquals(everyBarTraded, trades, strategy.id());
		}
	}

	@Test
	void aSourceWithoutVolumeTradesOnEveryBar() {
		OhlcvSeries noVolume = new OhlcvSeries(TRADED.name(), TRADED.source(), TRADED.timestamps(), TRADED.open(),
				TRADED.high(), TRADED.low(), TRADED.close(), new double[TRADED.size()]);
		for (Strategy strategy : BuiltIns.registry().all()) {
			assertEquals(strategy.run(TRADED, strategy.defaults(), RunSettings.defaults(), CancellationToken.NONE).trades(),
					strategy.run(noVolume, strategy.defaults(), RunSettings.defaults(), CancellationToken.NONE).trades(),
					strategy.id());
		}
	}
}
