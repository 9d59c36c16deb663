package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.backstop.data.OhlcvSeries;
import io.backstop.run.ResultRow;
import io.backstop.run.RunKind;
import io.backstop.run.RunRequest;

/** The selected run's charts: its price with entries and exits marked, its equity beside buy-and-hold. */
class ResultChartsUiIT {

	@Test
	void theSelectedRunsPriceChartMarksEveryEntryAndExitAndItsEquityChartShowsBuyAndHold() throws Exception {
		try (PartHarness ui = new PartHarness()) {
			OhlcvSeries sample = ui.runs.openSample();
			ResultsPart results = ui.part(ResultsPart.class, "Results", 1100, 700);
			ResultRow row = ui.runs.start(RunRequest.builder(RunKind.BACKTEST, "sma_crossover").build()).completion()
					.get(60, TimeUnit.SECONDS).rows().get(0);
			ui.await(() -> results.tableSelection() != null && results.tableSelection().number() == row.number()
					&& results.equityPoints() > 0, Duration.ofSeconds(10), "the new run shown");

			assertEquals(List.of("Equity", "Buy and hold"), results.equityLines());
			double[] close = sample.close();
			double held = row.settings().initialCapital() * close[close.length - 1] / close[0];
			assertEquals(held, results.lastEquityValue("Buy and hold"), 1e-6 * held, "bought at the first close, held");
			assertTrue(row.trades() > 0);
			assertEquals(2 * (int) row.trades(), results.priceMarks(), "an entry and an exit for every trade");
		}
	}
}
