package io.backstop.app.parts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.backstop.data.DataLibrary;
import io.backstop.data.OhlcvFiles;

/** The Data view lists a library directory, opens a row with a double-click and resamples the open series. */
class DataLibraryUiIT {

	private static final long JAN_1_2025 = Instant.parse("2025-01-01T00:00:00Z").toEpochMilli();

	@TempDir
	Path library;

	private void klines(String name, int count, long step, int zeroEvery) throws Exception {
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < count; i++) {
			long open = JAN_1_2025 + i * step + (i >= count / 2 ? 10 * step : 0);
			text.append(open).append(",10,11,9,10.5,").append(i % zeroEvery == 0 ? 0 : 3).append(',')
					.append(open + step - 1).append(",1,1,1,1,0\n");
		}
		Files.writeString(library.resolve(name), text);
	}

	@Test
	void listsSymbolsAndTimeframesOpensARowAndResamples() throws Exception {
		klines("ETHUSDT_1h.csv", 40, 3_600_000, 8);
		Files.writeString(library.resolve("SOLUSDT_15m.csv"), "ts,o,h,l,c,v\n1735689600,1,2,0.5,abc,1\n");
		try (PartHarness ui = new PartHarness()) {
			ui.context.set(DataLibrary.class, DataLibrary.of(library, OhlcvFiles.Options.DEFAULT));
			DataPart data = ui.part(DataPart.class, "Data", 1100, 700);
			ui.await(() -> data.libraryRows().size() == 3, Duration.ofSeconds(20), "the library's rows");
			List<String> rows = data.libraryRows();
			assertEquals("BTCUSDT | 5m | 25,920 | 2025-04-03 17:05 to 2025-07-02 17:00 UTC | no gaps | 0 | bundled sample",
					rows.get(0));
			assertEquals("ETHUSDT | 1h | 40 | 2025-01-01 00:00 to 2025-01-03 01:00 UTC"
					+ " | 1 gap, largest 11 h after 2025-01-01 19:00 UTC | 5 | ETHUSDT_1h.csv", rows.get(1));
			assertTrue(rows.get(2).startsWith("SOLUSDT | 15m |  |  |  |  | not loaded: " + library.resolve("SOLUSDT_15m.csv")
					+ ", line 2, field 'close': not a number: \"abc\""), rows.get(2));

			data.openLibraryRow(0);
			ui.await(() -> data.titleText().equals("BTCUSDT_5m"), Duration.ofSeconds(20), "the sample opened");
			assertTrue(data.factsText().contains("no gaps; no zero-volume bars"), data.factsText());
			data.resample("4h");
			ui.await(() -> data.titleText().equals("BTCUSDT_4h"), Duration.ofSeconds(20), "the resampled series");
			assertTrue(data.factsText().startsWith("541 bars of 4 h, 2025-04-03 16:00 UTC to 2025-07-02 16:00 UTC"),
					data.factsText());
			data.resample("15m");
			ui.await(() -> !data.problemText().isEmpty(), Duration.ofSeconds(20), "the refusal");
			assertEquals("Could not open the data: timeframe: 15m is not longer than 4h, the bar length of BTCUSDT_4h",
					data.problemText());
			ui.runs.openSample();
		}
	}
}
